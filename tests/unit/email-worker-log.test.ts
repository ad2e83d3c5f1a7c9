// The email-worker logs a drain only when it claimed something: a scheduler calling it every few seconds
// on an empty outbox must not write a line each time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { createResendProvider } from "../../edge-functions/_email/providers/resend.ts";
import { createEmailWorkerHandler } from "../../edge-functions/email-worker/handler.ts";
import { type ResendDouble, startResendDouble } from "../support/resend-double.ts";

/** Stands in for postgres.js: claim_emails answers the queued rows once, every other statement nothing. */
function outboxSql(rows: Record<string, unknown>[]): Sql {
  let queued = rows;
  return ((strings: TemplateStringsArray) => {
    if (strings.join("?").includes("private.claim_emails")) {
      const out = queued;
      queued = [];
      return Promise.resolve(out);
    }
    return Promise.resolve([]);
  }) as unknown as Sql;
}

let double: ResendDouble;
beforeAll(async () => {
  double = await startResendDouble();
});
afterAll(() => double.close());

async function runWorker(rows: Record<string, unknown>[]) {
  const lines: string[] = [];
  const handler = createEmailWorkerHandler({
    sql: outboxSql(rows),
    provider: createResendProvider({ apiKey: "re_test_key", baseUrl: double.url }),
    from: "TripMaster <hello@tripmaster.app>",
    siteUrl: "http://127.0.0.1:3000",
    verify: async () => ({ role: "service_role", exp: Math.floor(Date.now() / 1000) + 60 }),
    logger: createLogger({}, (line) => lines.push(JSON.parse(line).msg)),
  });
  const res = await handler(
    new Request("http://x/email-worker", { method: "POST", headers: { authorization: "Bearer t" } }),
  );
  return { res, body: await res.json(), lines };
}

describe("email-worker log", () => {
  it("writes no drain line when nothing was due", async () => {
    const { res, body, lines } = await runWorker([]);
    expect(res.status).toBe(200);
    expect(body).toEqual({ claimed: 0, sent: 0, retrying: 0, dead: 0 });
    expect(lines).not.toContain("outbox drained");
  });

  it("writes one when it sent something", async () => {
    const { body, lines } = await runWorker([{
      id: "0b6f1c2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
      dedupe_key: "k",
      template: "welcome",
      to_email: "ada@example.test",
      user_id: null,
      data: { displayName: "Ada" },
      status: "sending",
      attempts: 1,
      max_attempts: 5,
      lease_id: "1b6f1c2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
    }]);
    expect(body).toMatchObject({ claimed: 1, sent: 1 });
    expect(lines.filter((l) => l === "outbox drained")).toHaveLength(1);
  });
});
