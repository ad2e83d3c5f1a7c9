// Quota and rate limit of plan generation, straight against the SQL the function calls: reservations are
// atomic under concurrency, settled on success, released on failure and on deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createUser, testSql, type TestUser } from "../support/db.ts";

let sql: Sql;
let savedRate: unknown;
const request = { destination: "Lisbon", start_date: "2030-01-01", end_date: "2030-01-02" };

beforeAll(async () => {
  sql = testSql(10);
  [{ value: savedRate }] =
    await sql`select value from private.settings where key = 'generation_rate_per_minute'`;
  // These tests are about quotas; the rate limit gets its own test below.
  await sql`update private.settings set value = '1000' where key = 'generation_rate_per_minute'`;
});
afterAll(async () => {
  await sql`update private.settings set value = ${
    sql.json(savedRate as never)
  } where key = 'generation_rate_per_minute'`;
  await sql.end();
});

type Start = { job_id: string | null; error_code: string | null; retry_after_seconds: number | null };
const start = (db: Sql, user: TestUser) =>
  db<Start[]>`select * from private.start_plan_generation(${user.id}, ${db.json(request)})`.then((r) => r[0]);
const usage = async (user: TestUser) =>
  (await sql<{ reserved: number; used: number }[]>`
    select reserved, used from public.plan_quota_usage where user_id = ${user.id}`)[0];

describe("quota reservation", () => {
  it("lets exactly 3 of 50 concurrent starts through for a free user", async () => {
    const user = await createUser(sql);
    const clients = Array.from({ length: 10 }, () => testSql(5));
    try {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => start(clients[i % 10], user)));
      expect(results.filter((r) => r.job_id).length).toBe(3);
      expect(results.filter((r) => r.error_code === "quota_exceeded").length).toBe(47);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    expect(await usage(user)).toEqual({ reserved: 3, used: 0 });
    const [jobs] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.plan_generation_jobs where user_id = ${user.id}`;
    expect(jobs.n).toBe(3);
  });

  it("settles on success, releases on failure, and counts both against the month", async () => {
    const user = await createUser(sql);
    const [a, b, c] = [await start(sql, user), await start(sql, user), await start(sql, user)];
    expect((await start(sql, user)).error_code).toBe("quota_exceeded");

    await sql`select private.mark_generation_running(${a.job_id})`;
    const [plan] = await sql<{ id: string }[]>`
      insert into public.plans (user_id, title, destination, start_date, end_date)
      values (${user.id}, 'T', 'Lisbon', '2030-01-01', '2030-01-02') returning id`;
    const [ok] =
      await sql`select private.finish_generation_success(${a.job_id}, ${plan.id}, '{}', 'offline', 'm') as ok`;
    expect(ok.ok).toBe(true);
    const [again] =
      await sql`select private.finish_generation_success(${a.job_id}, ${plan.id}, '{}', 'offline', 'm') as ok`;
    expect(again.ok).toBe(false); // finishing twice counts once
    expect(await usage(user)).toEqual({ reserved: 2, used: 1 });

    await sql`select private.finish_generation_failure(${b.job_id}, 'provider_unavailable', 'down')`;
    expect(await usage(user)).toEqual({ reserved: 1, used: 1 });
    const [failedAgain] = await sql`select private.finish_generation_failure(${b.job_id}, 'x', 'y') as ok`;
    expect(failedAgain.ok).toBe(false);
    expect(await usage(user)).toEqual({ reserved: 1, used: 1 });

    // The released unit can be used again; the settled one cannot.
    expect((await start(sql, user)).job_id).toBeTruthy();
    expect((await start(sql, user)).error_code).toBe("quota_exceeded");
    expect(c.job_id).toBeTruthy();
  });

  it("gives pro users the pro quota", async () => {
    const user = await createUser(sql);
    await sql`update public.profiles set tier = 'pro' where id = ${user.id}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await start(sql, user));
    expect(results.every((r) => r.job_id)).toBe(true);
  });

  it("refuses suspended accounts", async () => {
    const user = await createUser(sql);
    await sql`update public.profiles set suspended_at = now() where id = ${user.id}`;
    await expect(start(sql, user)).rejects.toMatchObject({ code: "42501" });
  });
});

describe("rate limit", () => {
  it("refuses the 6th start within a minute with the seconds to wait", async () => {
    const user = await createUser(sql);
    // The lower limit exists only inside this transaction: no other file (or test) ever sees it.
    const rolledBack = new Error("rolled back on purpose");
    await sql.begin(async (tx) => {
      const db = tx as unknown as Sql;
      await db`update private.settings set value = '5' where key = 'generation_rate_per_minute'`;
      await db`update public.profiles set tier = 'pro' where id = ${user.id}`;
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await start(db, user));
      expect(results.slice(0, 5).every((r) => r.job_id)).toBe(true);
      expect(results[5]).toMatchObject({ job_id: null, error_code: "rate_limited" });
      expect(results[5].retry_after_seconds).toBeGreaterThanOrEqual(1);
      expect(results[5].retry_after_seconds).toBeLessThanOrEqual(60);
      throw rolledBack;
    }).catch((err) => {
      if (err !== rolledBack) throw err;
    });
    const [{ value }] =
      await sql`select value from private.settings where key = 'generation_rate_per_minute'`;
    expect(value).toBe(1000); // the file-wide value, untouched by the transaction
  });
});

describe("deadlines", () => {
  it("fails jobs that outlive their deadline and gives their quota back", async () => {
    const user = await createUser(sql);
    const job = await start(sql, user);
    await sql`select private.mark_generation_running(${job.job_id})`;
    expect(await usage(user)).toEqual({ reserved: 1, used: 0 });
    // Expire and sweep in one transaction: pg_cron's own sweeper (every minute) cannot see the change first.
    const swept = await sql.begin(async (tx) => {
      await tx`update public.plan_generation_jobs set deadline_at = now() - interval '1 second' where id = ${job.job_id}`;
      const [r] = await tx<{ n: number }[]>`select private.fail_stale_generation_jobs() as n`;
      return r.n;
    });
    expect(swept).toBeGreaterThanOrEqual(1);
    const [row] =
      await sql`select status, error_code from public.plan_generation_jobs where id = ${job.job_id}`;
    expect(row).toEqual({ status: "failed", error_code: "timeout" });
    expect(await usage(user)).toEqual({ reserved: 0, used: 0 });
    const [cron] =
      await sql`select count(*)::int as n from cron.job where jobname = 'plan-generation-deadlines'`;
    expect(cron.n).toBe(1);
  });

  it("will not start running a job past its deadline", async () => {
    const user = await createUser(sql);
    const job = await start(sql, user);
    await sql`update public.plan_generation_jobs set deadline_at = now() - interval '1 second' where id = ${job.job_id}`;
    const [r] = await sql`select private.mark_generation_running(${job.job_id}) as ok`;
    expect(r.ok).toBe(false);
  });
});

describe("provider-call budget (issue 8, finding 4)", () => {
  const calls = async (user: TestUser) =>
    (await sql<{ provider_calls: number; provider_calls_reserved: number; reserved: number; used: number }[]>`
      select provider_calls, provider_calls_reserved, reserved, used
      from public.plan_quota_usage where user_id = ${user.id}`)[0];
  const failWith = (jobId: string, providerCalls: number | null) =>
    sql`select private.finish_generation_failure(${jobId}, 'provider_unavailable', 'down', ${
      providerCalls === null
        ? null
        : sql.json({ provider_calls: providerCalls, input_tokens: 0, output_tokens: 0 })
    })`;

  it("lives in plan_quotas and private.settings: free 20 and pro 400 calls a month, 4 reserved per job", async () => {
    const tiers = await sql`select tier::text, monthly_provider_calls from public.plan_quotas order by tier`;
    expect(tiers).toEqual([{ tier: "free", monthly_provider_calls: 20 }, {
      tier: "pro",
      monthly_provider_calls: 400,
    }]);
    const [perJob] = await sql`select private.setting_int('generation_provider_calls_per_job') as n`;
    expect(perJob.n).toBe(4);
  });

  it("counts the calls of failed generations: a user whose generations always fail is stopped", async () => {
    const user = await createUser(sql);
    let started = 0;
    for (let i = 0; i < 30; i++) {
      const r = await start(sql, user);
      if (!r.job_id) {
        expect(r.error_code).toBe("provider_budget_exceeded");
        expect(r.retry_after_seconds).toBeGreaterThanOrEqual(1);
        expect(r.retry_after_seconds).toBeLessThanOrEqual(31 * 86_400);
        break;
      }
      started++;
      await failWith(r.job_id, 2); // a call and its retry, both failed
    }
    // The unit goes back each time (the plan quota never runs out), the calls stay: 8 jobs use 16 calls,
    // a 9th would reserve 4 more (20), a 10th cannot start.
    expect(started).toBe(9);
    expect(await calls(user)).toEqual({
      provider_calls: 18,
      provider_calls_reserved: 0,
      reserved: 0,
      used: 0,
    });
  });

  it("lets exactly as many concurrent starts through as the remaining budget allows", async () => {
    const user = await createUser(sql);
    // 12 calls already spent this month: 8 remain, two jobs' worth (the plan quota would allow 3).
    await sql`insert into public.plan_quota_usage (user_id, period, provider_calls)
      values (${user.id}, date_trunc('month', now() at time zone 'UTC')::date, 12)`;
    const clients = Array.from({ length: 10 }, () => testSql(5));
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => start(clients[i % 10], user)));
      expect(results.filter((r) => r.job_id).length).toBe(2);
      expect(results.filter((r) => r.error_code === "provider_budget_exceeded").length).toBe(38);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    expect(await calls(user)).toEqual({
      provider_calls: 12,
      provider_calls_reserved: 8,
      reserved: 2,
      used: 0,
    });
  });

  it("settles a job's reservation to the calls it made; a job with no usage is charged its reservation", async () => {
    const user = await createUser(sql);
    const [a, b, c] = [await start(sql, user), await start(sql, user), await start(sql, user)];
    expect(await calls(user)).toEqual({
      provider_calls: 0,
      provider_calls_reserved: 12,
      reserved: 3,
      used: 0,
    });
    const [plan] = await sql<{ id: string }[]>`
      insert into public.plans (user_id, title, destination, start_date, end_date)
      values (${user.id}, 'T', 'Lisbon', '2030-01-01', '2030-01-02') returning id`;
    await sql`select private.mark_generation_running(${a.job_id})`;
    await sql`select private.finish_generation_success(${a.job_id}, ${plan.id},
      ${sql.json({ provider_calls: 3, input_tokens: 10, output_tokens: 20 })}, 'openai', 'm')`;
    expect(await calls(user)).toEqual({
      provider_calls: 3,
      provider_calls_reserved: 8,
      reserved: 2,
      used: 1,
    });
    await failWith(b.job_id!, 1);
    expect(await calls(user)).toEqual({
      provider_calls: 4,
      provider_calls_reserved: 4,
      reserved: 1,
      used: 1,
    });
    await failWith(c.job_id!, null); // what the deadline sweeper does: nothing known, the worst is counted
    expect(await calls(user)).toEqual({
      provider_calls: 8,
      provider_calls_reserved: 0,
      reserved: 0,
      used: 1,
    });
  });
});
