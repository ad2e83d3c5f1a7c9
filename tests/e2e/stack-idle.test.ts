// The local stack is quiet when idle: its email-worker tick asks the database first
// (private.email_outbox_due) and calls the worker only when a row is due, so an empty outbox produces no
// request and no log line; a queued email still goes out on the next tick.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmail } from "../../edge-functions/_email/io/outbox.ts";
import { testSql } from "../support/db.ts";
import { LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";

const sql = testSql(2);
let server: FunctionsServer;

/** The worker's request lines in the server's log (the frame logs one per call). */
const workerCalls = () =>
  server.output().split("\n").filter((l) => l.includes('"msg":"request"') && l.includes("email-worker"))
    .length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startFunctionsServer({}, {
    ticks: ["email-worker=1"],
    tickWhen: ["email-worker=private.email_outbox_due"],
  });
});
afterAll(async () => {
  await server?.stop();
  await sql.end();
});

describe("the local email-worker tick", () => {
  it("does not call the worker while nothing is due, and calls it once something is", async () => {
    // Whatever earlier files left due is sent first (what the worker is for), and the idle window starts
    // only once no row of theirs (a retry's backoff, a lease) falls due within it.
    for (let round = 0; round < 20; round++) {
      const drained = await fetch(server.functionsUrl("email-worker"), {
        method: "POST",
        headers: { authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
      });
      expect(drained.status).toBe(200);
      const [{ seconds }] = await sql<{ seconds: number | null }[]>`
        select extract(epoch from least(
          (select min(next_attempt_at) from public.email_outbox where status = 'pending'),
          (select min(locked_until) from public.email_outbox where status = 'sending')) - now())::float8 as seconds`;
      if (seconds === null || seconds > 6) break;
      await sleep(Math.max(0, seconds) * 1000 + 200);
    }
    const [{ due }] = await sql<{ due: boolean }[]>`select private.email_outbox_due() as due`;
    expect(due).toBe(false);

    const before = workerCalls();
    await sleep(3_500); // three ticks or more
    expect(workerCalls()).toBe(before);

    const id = await enqueueEmail(sql, {
      template: "welcome",
      to: `idle-${randomUUID()}@example.test`,
      data: { displayName: "Ada" },
      dedupeKey: `stack-idle:${randomUUID()}`,
    });
    let status = "pending";
    for (let i = 0; i < 100 && status !== "sent"; i++) {
      await sleep(100);
      [{ status }] = await sql<{ status: string }[]>`select status from public.email_outbox where id = ${id}`;
    }
    expect(status).toBe("sent");
    expect(workerCalls()).toBeGreaterThan(before);
  });
});
