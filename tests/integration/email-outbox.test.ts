// The outbox against the real database and the real Resend provider code, pointed at a local double:
// every message is delivered exactly once in the end, dead when the provider never recovers, and
// concurrent workers never send a row twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import {
  claimEmails,
  completeEmails,
  enqueueEmail,
  failEmail,
} from "../../edge-functions/_email/io/outbox.ts";
import type { EmailProvider } from "../../edge-functions/_email/providers/provider.ts";
import { createResendProvider } from "../../edge-functions/_email/providers/resend.ts";
import { drainOutbox, type SenderDeps } from "../../edge-functions/_email/io/sender.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { testSql } from "../support/db.ts";
import { type ResendDouble, startResendDouble } from "../support/resend-double.ts";

let sql: Sql;
let double: ResendDouble;
let provider: EmailProvider;
const quiet = createLogger({}, () => {});
const deps = (): SenderDeps => ({
  sql,
  provider,
  from: "TripMaster <t@tripmaster.test>",
  siteUrl: "http://app.test",
  log: quiet,
});

beforeAll(async () => {
  sql = testSql(6);
  double = await startResendDouble();
  provider = createResendProvider({ apiKey: "re_test_key", baseUrl: double.url, timeoutMs: 300 });
  // Rows other files left behind are not touched here: every assertion is about this file's own rows (by
  // id or dedupe key), whatever else a drain finds due.
});
afterAll(async () => {
  await double.close();
  await sql.end();
});
beforeEach(() => double.reset());

let n = 0;
const queue = (extra: Partial<{ template: string; data: Record<string, unknown> }> = {}) =>
  enqueueEmail(sql, {
    template: extra.template ?? "welcome",
    to: `outbox-${++n}-${Date.now()}@example.test`,
    data: extra.data ?? { displayName: "Ada" },
    dedupeKey: `test:${n}:${Date.now()}:${Math.random()}`,
  });
const row = async (id: string) =>
  (await sql<
    {
      status: string;
      attempts: number;
      provider_message_id: string | null;
      last_error: string | null;
      next_attempt_at: Date;
      data: Record<string, unknown>;
    }[]
  >`
    select status, attempts, provider_message_id, last_error, next_attempt_at, data from public.email_outbox where id = ${id}`)[
    0
  ];
/** Makes a waiting retry due now (instead of sleeping through the backoff). */
const due = (id: string) =>
  sql`update public.email_outbox set next_attempt_at = now() where id = ${id} and status = 'pending'`;
const deliveredTo = (id: string) => double.deliveries.filter((d) => d.key === `tripmaster-outbox-${id}`);

describe("enqueue", () => {
  it("yields one email for the same dedupe key, in the caller's transaction", async () => {
    const key = `same-key-${Date.now()}`;
    const a = await enqueueEmail(sql, {
      template: "welcome",
      to: "x@example.test",
      data: { displayName: "X" },
      dedupeKey: key,
    });
    const b = await enqueueEmail(sql, {
      template: "welcome",
      to: "x@example.test",
      data: { displayName: "X" },
      dedupeKey: key,
    });
    expect(b).toBe(a);
    const [c] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.email_outbox where dedupe_key = ${key}`;
    expect(c.n).toBe(1);
    await expect(sql.begin(async (tx) => {
      await enqueueEmail(tx, {
        template: "welcome",
        to: "y@example.test",
        data: {},
        dedupeKey: `${key}-rolled-back`,
      });
      throw new Error("the event failed");
    })).rejects.toThrow("the event failed");
    const [d] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.email_outbox where dedupe_key = ${key + "-rolled-back"}`;
    expect(d.n).toBe(0);
  });
});

describe("worker", () => {
  it("sends a due email once and records the provider's id", async () => {
    const id = await queue();
    await drainOutbox(deps());
    expect(deliveredTo(id)).toHaveLength(1);
    expect(deliveredTo(id)[0].subject).toBe("Welcome to TripMaster");
    expect(await row(id)).toMatchObject({
      status: "sent",
      attempts: 1,
      provider_message_id: deliveredTo(id)[0].id,
    });
  });

  it("retries after failures with a growing backoff and delivers exactly once", async () => {
    const id = await queue();
    double.mode.failFirst = 2;
    await drainOutbox(deps());
    const first = await row(id);
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    expect(first.last_error).toMatch(/HTTP 500/);
    expect(first.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 10_000); // base 30 s, jitter >= 50%
    await due(id);
    await drainOutbox(deps());
    expect((await row(id)).attempts).toBe(2);
    await due(id);
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 3 });
    expect(deliveredTo(id)).toHaveLength(1);
  });

  it("honours 429 Retry-After", async () => {
    const id = await queue();
    double.mode = { ...double.mode, failFirst: 1, status: 429, retryAfter: 120 };
    await drainOutbox(deps());
    const r = await row(id);
    expect(r.status).toBe("pending");
    expect(r.next_attempt_at.getTime()).toBeGreaterThanOrEqual(Date.now() + 119_000);
  });

  it("treats a provider that does not answer in time as a retryable failure", async () => {
    const id = await queue();
    double.mode.stallMs = 1_000;
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({
      status: "pending",
      last_error: expect.stringMatching(/no answer within 300 ms/),
    });
    double.mode.stallMs = 0;
    await due(id);
    await drainOutbox(deps());
    expect((await row(id)).status).toBe("sent");
  });

  it("gives up after max attempts: the row is dead and nothing was delivered", async () => {
    const id = await queue();
    await sql`update public.email_outbox set max_attempts = 3 where id = ${id}`;
    double.mode.failAlways = true;
    for (let i = 0; i < 3; i++) {
      await drainOutbox(deps());
      await due(id);
    }
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 3 });
    expect(deliveredTo(id)).toHaveLength(0);
    await drainOutbox(deps());
    expect((await row(id)).attempts).toBe(3); // dead rows are not claimed again
  });

  it("marks a permanent refusal (4xx) dead at once", async () => {
    const id = await queue();
    double.mode = { ...double.mode, failFirst: 1, status: 422 };
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("marks data its template cannot render dead, without calling the provider", async () => {
    const id = await queue({ template: "plan_ready", data: { displayName: "Ada" } });
    const before = double.requests.length;
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({
      status: "dead",
      last_error: expect.stringMatching(/invalid data for plan_ready/),
    });
    expect(double.requests.length).toBe(before);
  });

  it("never sends twice when a worker crashes between sending and recording", async () => {
    const id = await queue();
    let crashed = false;
    const crashing: EmailProvider = {
      name: "crashing",
      async send(email) {
        const res = await provider.send(email);
        if (!crashed) {
          crashed = true;
          throw new Error("worker died after the provider accepted the message");
        }
        return res;
      },
    };
    await drainOutbox({ ...deps(), provider: crashing });
    expect((await row(id)).status).toBe("pending");
    await due(id);
    await drainOutbox({ ...deps(), provider: crashing });
    expect((await row(id)).status).toBe("sent");
    expect(double.requests.filter((r) => r.key === `tripmaster-outbox-${id}`)).toHaveLength(2);
    expect(deliveredTo(id)).toHaveLength(1);
  });

  it("picks up a row whose worker's lease ran out", async () => {
    const id = await queue();
    await sql`update public.email_outbox set status = 'sending', locked_until = now() - interval '1 second', attempts = 1 where id = ${id}`;
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("ignores the outcome from a worker whose lease was taken over", async () => {
    const id = await queue();
    const [first] = await claimEmails(sql, 1, 60, id);
    await sql`update public.email_outbox set locked_until = now() - interval '1 second' where id = ${id}`;
    const [second] = await claimEmails(sql, 1, 60, id);
    expect(second.lease_id).not.toBe(first.lease_id);
    // The first worker wakes up late and reports a failure: it no longer holds the row.
    expect(await failEmail(sql, first, "late failure", false)).toBeNull();
    await completeEmails(sql, [{ id, leaseId: second.lease_id, messageId: "re_second" }]);
    expect(await row(id)).toMatchObject({ status: "sent", provider_message_id: "re_second" });
    await completeEmails(sql, [{ id, leaseId: first.lease_id, messageId: "re_first" }]);
    expect((await row(id)).provider_message_id).toBe("re_second");
  });

  it("marks a row dead when its leases keep running out and no attempt is left", async () => {
    const id = await queue();
    await sql`update public.email_outbox set max_attempts = 2 where id = ${id}`;
    for (let i = 0; i < 2; i++) {
      await claimEmails(sql, 1, 60, id);
      await sql`update public.email_outbox set locked_until = now() - interval '1 second' where id = ${id}`;
    }
    expect(await claimEmails(sql, 1, 60, id)).toEqual([]);
    expect(await row(id)).toMatchObject({
      status: "dead",
      attempts: 2,
      last_error: expect.stringMatching(/stopped/),
    });
  });

  it("clears an auth email's tokens once it is sent", async () => {
    const id = await queue({
      template: "magic_link",
      data: {
        actionUrl: "http://app.test/auth/confirm?token_hash=secret",
        code: "123456",
        email: "a@example.test",
      },
    });
    await drainOutbox(deps());
    expect(await row(id)).toMatchObject({ status: "sent", data: {} });
  });

  it("lets concurrent workers share the queue without sending any row twice", async () => {
    const ids = await Promise.all(Array.from({ length: 120 }, () => queue()));
    const workers = [testSql(2), testSql(2), testSql(2)];
    try {
      await Promise.all(workers.map((w) => drainOutbox({ ...deps(), sql: w }, { batchSize: 7 })));
    } finally {
      await Promise.all(workers.map((w) => w.end()));
    }
    const [c] = await sql<{ sent: number }[]>`
      select count(*)::int as sent from public.email_outbox where id = any(${ids}) and status = 'sent' and attempts = 1`;
    expect(c.sent).toBe(120);
    for (const id of ids) expect(deliveredTo(id)).toHaveLength(1);
    const keys = double.requests.filter((r) => ids.some((id) => r.key === `tripmaster-outbox-${id}`));
    expect(keys).toHaveLength(120); // not even a repeated request
  });
});
