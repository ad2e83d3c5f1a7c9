// generate-plan through the Deno-served stack with the offline planner (the default without a provider
// key): 202 + polling, SSE, refusals, the quota under 50 concurrent requests, and a failing provider.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFunctionsClient,
  type GeneratePlanRequest,
  type GenerationJob,
} from "../../clients/src/index.ts";
import {
  generationJobSchema,
  planDocumentDaySchema,
  planDocumentItemSchema,
  planDocumentSchema,
} from "../../edge-functions/_contract/index.ts";
import { asUser } from "../../edge-functions/_shared/db.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_ANON_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(3);
let server: FunctionsServer;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const body = (over: Record<string, unknown> = {}) => ({
  destination: "Lisbon",
  start_date: inDays(30),
  end_date: inDays(33),
  adults: 2,
  children: 1,
  budget: { amount: 1500, currency: "EUR" },
  interests: ["food", "history"],
  pace: "moderate",
  ...over,
});

async function post(
  user: TestUser | string,
  payload: unknown,
  headers: Record<string, string> = {},
  srv = server,
) {
  const token = typeof user === "string" ? user : await tokenFor(user);
  return fetch(srv.functionsUrl("generate-plan"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });
}

/** The typed client as the user (answers are checked against the contract: a drift fails these tests). */
const clientFor = async (user: TestUser, srv = server) => {
  const token = await tokenFor(user);
  return createFunctionsClient({ url: srv.url, anonKey: LOCAL_ANON_KEY, accessToken: async () => token });
};

async function waitForJob(user: TestUser, jobId: string, srv = server): Promise<GenerationJob> {
  const { data, error } = await (await clientFor(user, srv)).waitForGeneration(jobId, {
    intervalMs: 100,
    attempts: 100,
  });
  if (error) throw error;
  return data;
}

beforeAll(async () => {
  server = await startFunctionsServer();
});
afterAll(async () => {
  await server?.stop();
  await sql.end();
});

describe("generate-plan with the offline planner", () => {
  it("answers 202 with a job, which a poll shows succeeded with a saved, readable plan", async () => {
    const user = await createUser(sql, { metadata: { display_name: "Planner" } });
    const res = await post(user, body());
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started).toMatchObject({
      status: "queued",
      status_url: `/functions/v1/generate-plan/jobs/${started.job_id}`,
    });
    expect(res.headers.get("location")).toBe(started.status_url);

    const job = await waitForJob(user, started.job_id);
    expect(job).toMatchObject({ status: "succeeded", error: null, provider: "offline" });
    expect(job.usage.provider_calls).toBe(1);
    // The status answer carries the saved plan, read back as the user.
    expect(job.plan).toMatchObject({ id: job.plan_id, destination: "Lisbon", visibility: "private" });
    expect(job.plan!.days).toHaveLength(4);
    expect(job.plan!.days[0].items[0]).toHaveProperty("time_slot");
    expect(job.plan).not.toHaveProperty("request");

    const [plan] = await asUser(
      sql,
      claimsFor(user),
      (tx) =>
        tx<
          { title: string; markdown: string; timezone: string; days: number; items: number; cost: string }[]
        >`
        select p.title, p.markdown, p.timezone,
          (select count(*)::int from public.plan_days d where d.plan_id = p.id) as days,
          (select count(*)::int from public.plan_items i where i.plan_id = p.id) as items,
          (select sum(estimated_cost) from public.plan_items i where i.plan_id = p.id) as cost
        from public.plans p where p.id = ${job.plan_id}`,
    );
    expect(plan.days).toBe(4);
    expect(plan.items).toBeGreaterThanOrEqual(8);
    expect(Number(plan.cost)).toBeLessThanOrEqual(1500);
    expect(plan.timezone).toBe("Europe/Lisbon");
    expect(plan.markdown).toMatch(/^# .*Lisbon/);

    const [log] =
      await sql`select count(*)::int as n from public.activity_log where user_id = ${user.id} and action = 'plan.created'`;
    expect(log.n).toBe(1);
    const [mail] = await sql`select template from public.email_outbox where dedupe_key = ${
      "plan_ready:" + job.plan_id
    }`;
    expect(mail.template).toBe("plan_ready");
    const [quota] = await sql`select reserved, used from public.plan_quota_usage where user_id = ${user.id}`;
    expect(quota).toEqual({ reserved: 0, used: 1 });
  });

  it("answers the job status with exactly the contract's fields: the plan document every read path returns", async () => {
    const user = await createUser(sql);
    const { job_id } = await (await post(user, body())).json();
    await waitForJob(user, job_id);
    const raw = await (await fetch(server.functionsUrl(`generate-plan/jobs/${job_id}`), {
      headers: { authorization: `Bearer ${await tokenFor(user)}` },
    })).json();
    const keys = (o: object) => Object.keys(o).sort();
    expect(generationJobSchema.safeParse(raw).error).toBeUndefined();
    expect(keys(raw)).toEqual(keys(generationJobSchema.shape));
    expect(keys(raw.plan)).toEqual(keys(planDocumentSchema.shape));
    expect(keys(raw.plan.days[0])).toEqual(keys(planDocumentDaySchema.shape));
    expect(keys(raw.plan.days[0].items[0])).toEqual(keys(planDocumentItemSchema.shape));
    // The same document a share link opens.
    await sql`update public.plans set visibility = 'unlisted' where id = ${raw.plan_id}`;
    const [share] =
      await sql`insert into public.plan_shares (plan_id) values (${raw.plan_id}) returning token`;
    const [shared] = await sql`select public.get_shared_plan(${share.token}) as doc`;
    const same = { visibility: "private", updated_at: "" }; // what the update above changed
    expect({ ...shared.doc, ...same }).toEqual({ ...raw.plan, ...same });
  });

  it("streams progress as server-sent events when asked", async () => {
    const user = await createUser(sql);
    const res = await post(user, body({ destination: "Kyoto", pace: "packed" }), {
      accept: "text/event-stream",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    const raw = text.trim().split("\n\n").map((block) => block.split("\n")[0].replace("event: ", ""));
    expect(raw).toEqual(["queued", "prompting", "validating", "saving", "done"]);
    // The same stream through the typed client: events checked against the contract.
    const { data: stream, error } = await (await clientFor(user)).streamPlanGeneration(
      body({ destination: "Kyoto", pace: "packed" }) as GeneratePlanRequest,
    );
    expect(error).toBeNull();
    const events = [];
    for await (const e of stream!) events.push(e);
    expect(events.map((e) => e.type)).toEqual(["queued", "prompting", "validating", "saving", "done"]);
    const last = events.at(-1)!;
    const planId = last.type === "done" ? last.plan_id : null;
    const [p] = await sql`select destination, user_id from public.plans where id = ${planId}`;
    expect(p).toEqual({ destination: "Kyoto", user_id: user.id });
  });

  it("refuses a bad body with 400 and the failing fields, and writes nothing", async () => {
    const user = await createUser(sql);
    for (
      const [payload, field] of [
        [body({ end_date: inDays(20) }), "end_date"],
        [body({ start_date: inDays(-2) }), "start_date"],
        [body({ destination: "Lis\u0000bon" }), null],
        [body({ end_date: inDays(70) }), "end_date"],
        [body({ budget: { amount: 100, currency: "euros" } }), "budget.currency"],
        [body({ adults: 0 }), "adults"],
        [{ destination: "Lisbon" }, "start_date"],
      ] as const
    ) {
      const res = await post(user, payload);
      expect(res.status).toBe(400);
      const err = await res.json();
      if (field === null) {
        expect(err.error.code).toBe("invalid_json");
        continue;
      }
      expect(err.error.code).toBe("validation_failed");
      expect(err.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const raw = await fetch(server.functionsUrl("generate-plan"), {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenFor(user)}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect((await raw.json()).error.code).toBe("invalid_json");
    const [jobs] =
      await sql`select count(*)::int as n from public.plan_generation_jobs where user_id = ${user.id}`;
    expect(jobs.n).toBe(0);
  });

  it("needs a signed-in user, and shows a job only to its owner", async () => {
    expect((await post(LOCAL_ANON_KEY, body())).status).toBe(401);
    const owner = await createUser(sql);
    const other = await createUser(sql);
    const { job_id } = await (await post(owner, body())).json();
    const { data, error } = await (await clientFor(other)).generationJob(job_id);
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 404, code: "not_found" });
    await waitForJob(owner, job_id);
  });

  it("runs exactly 3 of 50 concurrent requests for a free user; the 47 others are refused with a clear code", async () => {
    const user = await createUser(sql);
    const token = await tokenFor(user);
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(token, body())));
    const accepted = responses.filter((r) => r.status === 202);
    const refused = responses.filter((r) => r.status === 402 || r.status === 429);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(47);
    for (const r of refused) {
      const { error } = await r.json();
      expect(error.code).toBe(r.status === 402 ? "quota_exceeded" : "rate_limited");
      if (r.status === 429) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const jobs = await Promise.all(accepted.map(async (r) => waitForJob(user, (await r.json()).job_id)));
    expect(jobs.map((j) => j.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const [quota] = await sql`select reserved, used from public.plan_quota_usage where user_id = ${user.id}`;
    expect(quota).toEqual({ reserved: 0, used: 3 });
  });
});

describe("generate-plan when the provider fails", () => {
  let failing: Server;
  let calls = 0;
  let viaLlm: FunctionsServer;

  beforeAll(async () => {
    failing = createServer((_req, res) => {
      calls++;
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"overloaded"}}');
    });
    await new Promise<void>((r) => failing.listen(0, "127.0.0.1", () => r()));
    const address = failing.address();
    const port = typeof address === "object" && address ? address.port : 0;
    viaLlm = await startFunctionsServer({
      PLAN_PROVIDER: "openai_compatible",
      LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      LLM_MODEL: "local-model",
      LLM_API_KEY: "k",
    });
  });
  afterAll(async () => {
    await viaLlm?.stop();
    await new Promise((r) => failing.close(r));
  });

  it("fails the job cleanly and gives the quota unit back", async () => {
    const user = await createUser(sql);
    const res = await post(user, body(), {}, viaLlm);
    expect(res.status).toBe(202);
    const job = await waitForJob(user, (await res.json()).job_id, viaLlm);
    expect(job).toMatchObject({ status: "failed", plan_id: null, error: { code: "provider_unavailable" } });
    expect(calls).toBe(2); // one retry on a transient error
    // Both requests are recorded and stay counted against the month's provider-call budget (issue 8).
    expect(job.usage).toMatchObject({ provider_calls: 2 });
    const [quota] = await sql`select reserved, used, provider_calls, provider_calls_reserved
      from public.plan_quota_usage where user_id = ${user.id}`;
    expect(quota).toEqual({ reserved: 0, used: 0, provider_calls: 2, provider_calls_reserved: 0 });
    const [plans] = await sql`select count(*)::int as n from public.plans where user_id = ${user.id}`;
    expect(plans.n).toBe(0);
  });

  it("refuses a start with 429 once failed attempts used the month's provider calls, writing nothing", async () => {
    const user = await createUser(sql);
    await sql`insert into public.plan_quota_usage (user_id, period, provider_calls)
      values (${user.id}, date_trunc('month', now() at time zone 'UTC')::date, 18)`;
    const before = calls;
    const res = await post(user, body(), {}, viaLlm);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe("provider_budget_exceeded");
    expect(calls).toBe(before);
    const [jobs] =
      await sql`select count(*)::int as n from public.plan_generation_jobs where user_id = ${user.id}`;
    expect(jobs.n).toBe(0);
  });
});
