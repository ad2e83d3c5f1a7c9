// The local stack is quiet when idle: its email-worker tick asks the database first (on the local stack,
// --tick-when email-worker=private.email_outbox_due; pgTAP covers that function's answer) and calls the
// worker only when the answer is yes, so an empty outbox produces no request and no log line. Other test
// files queue emails while this one runs, so the tick here asks a probe this file alone controls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSql } from "../support/db.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";

const sql = testSql(2);
let server: FunctionsServer;

/** The worker's request lines in the server's log (the frame logs one per call). */
const workerCalls = () =>
  server.output().split("\n").filter((l) => l.includes('"msg":"request"') && l.includes("email-worker"))
    .length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await sql`create table if not exists private.zz_idle_probe (due boolean not null)`;
  await sql`delete from private.zz_idle_probe`;
  await sql`create or replace function private.zz_idle_probe_due() returns boolean language sql stable
    set search_path = '' as $$ select coalesce((select bool_or(due) from private.zz_idle_probe), false) $$`;
  server = await startFunctionsServer({}, {
    ticks: ["email-worker=1"],
    tickWhen: ["email-worker=private.zz_idle_probe_due"],
  });
});
afterAll(async () => {
  await server?.stop();
  await sql`drop function if exists private.zz_idle_probe_due()`;
  await sql`drop table if exists private.zz_idle_probe`;
  await sql.end();
});

describe("the local email-worker tick", () => {
  it("does not call the worker while the database says nothing is due, and calls it once something is", async () => {
    await sleep(1_200); // the first tick has asked
    const before = workerCalls();
    await sleep(3_500); // three ticks or more, all answered "nothing due"
    expect(workerCalls()).toBe(before);

    await sql`insert into private.zz_idle_probe (due) values (true)`;
    for (let i = 0; i < 50 && workerCalls() === before; i++) await sleep(100);
    expect(workerCalls()).toBeGreaterThan(before);
  });
});
