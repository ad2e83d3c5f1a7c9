// End to end: a user asks to delete their account, the "deletion scheduled" email reaches the local
// mailbox through the email worker, and the link's token, posted to the Deno-served
// cancel-account-deletion function, restores the account once.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../../edge-functions/_shared/db.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";

const sql = testSql(3);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctionsServer();
});
afterAll(async () => {
  await server?.stop();
  await sql.end();
});

const cancel = (body: unknown, init: RequestInit = {}) =>
  fetch(server.functionsUrl("cancel-account-deletion"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });

/** Asks for the deletion as the user, sends the email, and returns the token from the link in it. */
async function deleteAndReadLink(user: TestUser): Promise<string> {
  await asUser(sql, claimsFor(user), (tx) => tx`select public.request_account_deletion()`);
  const res = await fetch(server.functionsUrl("email-worker"), {
    method: "POST",
    headers: { authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
  });
  expect(res.status).toBe(200);
  const html = readdirSync(server.mailboxDir)
    .map((key) => ({
      meta: JSON.parse(readFileSync(path.join(server.mailboxDir, key, "message.json"), "utf8")),
      html: readFileSync(path.join(server.mailboxDir, key, "body.html"), "utf8"),
    }))
    .filter((m) => m.meta.to === user.email && m.meta.subject.includes("will be deleted"))
    .sort((a, b) => b.meta.date.localeCompare(a.meta.date))[0]?.html;
  const match = /http:\/\/127\.0\.0\.1:3000\/account\/cancel-deletion\?token=([A-Za-z0-9_-]+)/.exec(
    html ?? "",
  );
  expect(match, "the email carries a cancel link to the app").not.toBeNull();
  return match![1];
}

const profileState = async (id: string) =>
  (await sql<{ deleted_at: Date | null }[]>`select deleted_at from public.profiles where id = ${id}`)[0];

describe("cancel-account-deletion", () => {
  it("restores the account from the emailed link, once, logged", async () => {
    const user = await createUser(sql);
    await sql`insert into public.plans (user_id, title, destination, start_date, end_date)
      values (${user.id}, 'Keep me', 'Graz', current_date, current_date + 1)`;
    const token = await deleteAndReadLink(user);
    expect((await profileState(user.id)).deleted_at).not.toBeNull();
    const [stored] = await sql<{ data: Record<string, unknown> }[]>`
      select data from public.email_outbox where user_id = ${user.id} and template = 'account_deletion_scheduled'`;
    expect(stored.data.cancelToken, "the sent outbox row forgot the token").toBeUndefined();

    const res = await cancel({ token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "restored", restored_plans: 1 });
    expect((await profileState(user.id)).deleted_at).toBeNull();
    const [plans] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.plans where user_id = ${user.id} and deleted_at is null`;
    expect(plans.n).toBe(1);
    const [log] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.activity_log
      where user_id = ${user.id} and action = 'account.deletion_cancelled'`;
    expect(log.n).toBe(1);

    const replay = await cancel({ token });
    expect(replay.status).toBe(410);
    expect((await replay.json()).error.code).toBe("token_used");
  });

  it("restores once when the link is used twice at the same time", async () => {
    const user = await createUser(sql);
    const token = await deleteAndReadLink(user);
    const statuses = (await Promise.all([cancel({ token }), cancel({ token })])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410]);
    const [log] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.activity_log
      where user_id = ${user.id} and action = 'account.deletion_cancelled'`;
    expect(log.n).toBe(1);
  });

  it("refuses an expired link and leaves the account deleted", async () => {
    const user = await createUser(sql);
    const token = await deleteAndReadLink(user);
    await sql`update private.account_deletion_cancel_tokens set expires_at = now() - interval '1 second'
      where user_id = ${user.id}`;
    const res = await cancel({ token });
    expect(res.status).toBe(410);
    expect((await res.json()).error.code).toBe("token_expired");
    expect((await profileState(user.id)).deleted_at).not.toBeNull();
  });

  it("answers bad requests with a 4xx and changes nothing", async () => {
    const user = await createUser(sql);
    const token = await deleteAndReadLink(user);
    const unknown = await cancel({ token: "A".repeat(43) });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("invalid_token");
    expect((await cancel({ token: "short" })).status).toBe(400);
    expect((await cancel({ token, extra: 1 })).status).toBe(400);
    expect((await cancel({ token }, { body: "not json" })).status).toBe(400);
    expect((await cancel({ token }, { headers: { "content-type": "text/plain" } })).status).toBe(415);
    const get = await fetch(`${server.functionsUrl("cancel-account-deletion")}?token=${token}`);
    expect(get.status).toBe(405);
    expect((await profileState(user.id)).deleted_at, "a GET (a mail scanner) used nothing up").not.toBeNull();
    expect((await cancel({ token })).status).toBe(200);
  });
});
