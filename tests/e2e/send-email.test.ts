// The Send Email hook and the outbox worker through the Deno-served stack, called the way Supabase Auth
// and pg_cron call them, with real Standard Webhooks signatures.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY, LOCAL_SEND_EMAIL_HOOK_SECRET, LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { type ResendDouble, startResendDouble } from "../support/resend-double.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(2);
const wh = new Webhook(LOCAL_SEND_EMAIL_HOOK_SECRET.slice(3));
let server: FunctionsServer;

beforeAll(async () => {
  await sql`update public.email_outbox set status = 'dead', last_error = 'test reset' where status in ('pending', 'sending')`;
  server = await startFunctionsServer();
});
afterAll(async () => {
  await server?.stop();
  await sql.end();
});

/** Creates a user the way Auth does on sign-up: unconfirmed, with a confirmation token. */
async function signUp(email = `signup-${randomUUID()}@example.test`) {
  const id = randomUUID();
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, confirmation_token,
      confirmation_sent_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      recovery_token, email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
      '$2a$10$abcdefghijklmnopqrstuv', 'pkce_token_hash_' || ${id}, now(),
      '{"provider":"email","providers":["email"]}', '{"display_name":"New Traveller"}', now(), now(), '', '', '')`;
  return { id, email };
}

function hookBody(user: { id: string; email: string }, action = "signup", tokenHash = `th_${user.id}`) {
  return JSON.stringify({
    user: {
      id: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      app_metadata: {},
      user_metadata: {},
    },
    email_data: {
      token: "482913",
      token_hash: tokenHash,
      redirect_to: "http://127.0.0.1:3000/",
      email_action_type: action,
      site_url: "http://127.0.0.1:3000",
      token_new: "",
      token_hash_new: "",
    },
  });
}

function signed(body: string, at = new Date(), id = `msg_${randomUUID()}`) {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": wh.sign(id, at, body),
  };
}

const callHook = (srv: FunctionsServer, body: string, headers: Record<string, string>) =>
  fetch(srv.functionsUrl("send-email"), { method: "POST", body, headers });

const runWorker = (srv: FunctionsServer, token = LOCAL_SERVICE_ROLE_KEY) =>
  fetch(srv.functionsUrl("email-worker"), { method: "POST", headers: { authorization: `Bearer ${token}` } });

function mailbox(dir: string): { to: string; subject: string; html: string }[] {
  return readdirSync(dir).map((key) => {
    const meta = JSON.parse(readFileSync(path.join(dir, key, "message.json"), "utf8"));
    return {
      to: meta.to,
      subject: meta.subject,
      html: readFileSync(path.join(dir, key, "body.html"), "utf8"),
    };
  });
}

const outboxFor = (userId: string) =>
  sql<{ template: string; status: string }[]>`
    select template, status from public.email_outbox where user_id = ${userId} order by created_at`;

describe("a sign-up, as Supabase Auth runs it", () => {
  it("puts a welcome and a confirm-sign-up email in the local mailbox", async () => {
    const user = await signUp();
    const body = hookBody(user);
    const res = await callHook(server, body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ queued: 1 });
    expect((await runWorker(server)).status).toBe(200);

    const mine = mailbox(server.mailboxDir).filter((m) => m.to === user.email);
    expect(mine.map((m) => m.subject).sort()).toEqual([
      "Confirm your TripMaster account",
      "Welcome to TripMaster",
    ]);
    const confirm = mine.find((m) => m.subject.startsWith("Confirm"))!;
    expect(confirm.html).toContain(`token_hash=th_${user.id}&amp;type=signup`);
    expect((await outboxFor(user.id)).map((r) => r.status)).toEqual(["sent", "sent"]);
  });
});

describe("send-email hook security", () => {
  it.each([
    [
      "a wrong signature",
      (body: string) => ({
        ...signed(body),
        "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      }),
    ],
    ["no signature headers", () => ({ "content-type": "application/json" })],
    ["a stale timestamp (10 minutes old)", (body: string) => signed(body, new Date(Date.now() - 600_000))],
    ["a body changed after signing", (body: string) => signed(body.replace("482913", "000000"))],
    ["a signature made with another secret", (body: string) => {
      const other = new Webhook(Buffer.from("another-secret-another-secret-00").toString("base64"));
      const id = "msg_x";
      const at = new Date();
      return { ...signed(body, at, id), "webhook-signature": other.sign(id, at, body) };
    }],
  ])("refuses %s with 401 and records nothing", async (_name, headersFor) => {
    const user = await signUp();
    const body = hookBody(user);
    const res = await callHook(server, body, headersFor(body) as Record<string, string>);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_signature" } });
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual(["welcome"]);
  });

  it("refuses a signed body of the wrong shape with 400 and records nothing", async () => {
    const user = await signUp();
    const body = JSON.stringify({
      user: { id: user.id },
      email_data: { email_action_type: "launch_missiles" },
    });
    const res = await callHook(server, body, signed(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_payload" } });
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual(["welcome"]);
  });

  it("refuses an oversized body with 413 before doing any work", async () => {
    const big = JSON.stringify({ padding: "x".repeat(300_000) });
    const res = await callHook(server, big, signed(big));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("sends one email when Auth retries the same message with a new webhook-id", async () => {
    const user = await signUp();
    const body = hookBody(user, "recovery");
    for (let i = 0; i < 3; i++) expect((await callHook(server, body, signed(body))).status).toBe(200);
    expect((await outboxFor(user.id)).filter((r) => r.template === "password_reset")).toHaveLength(1);
    expect(mailbox(server.mailboxDir).filter((m) => m.to === user.email && m.subject.startsWith("Reset")))
      .toHaveLength(1);
  });

  it("answers every action type Auth may send", async () => {
    const user = await signUp();
    for (
      const action of [
        "invite",
        "magiclink",
        "email",
        "reauthentication",
        "password_changed_notification",
        "mfa_factor_enrolled_notification",
      ]
    ) {
      const body = hookBody(user, action, `th_${action}_${user.id}`);
      const res = await callHook(server, body, signed(body));
      expect(res.status, action).toBe(200);
    }
  });
});

describe("when the provider is down", () => {
  let double: ResendDouble;
  let viaResend: FunctionsServer;

  beforeAll(async () => {
    double = await startResendDouble();
    viaResend = await startFunctionsServer({
      EMAIL_PROVIDER: "resend",
      RESEND_API_KEY: "re_test_key",
      RESEND_BASE_URL: double.url,
    });
  });
  afterAll(async () => {
    await viaResend?.stop();
    await double?.close();
  });

  it("records the message, answers Auth in time, and the worker delivers it exactly once later", async () => {
    const user = await signUp();
    double.mode.failAlways = true;
    const body = hookBody(user, "magiclink");
    const started = Date.now();
    const res = await callHook(viaResend, body, signed(body));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [queued] = (await outboxFor(user.id)).filter((r) => r.template === "magic_link");
    expect(queued.status).toBe("pending");

    double.reset();
    await sql`update public.email_outbox set next_attempt_at = now() where user_id = ${user.id} and status = 'pending'`;
    expect((await runWorker(viaResend)).status).toBe(200);
    expect((await outboxFor(user.id)).every((r) => r.status === "sent")).toBe(true);
    expect(double.deliveries.filter((d) => d.to[0] === user.email && d.subject.includes("sign-in link")))
      .toHaveLength(1);
  });
});

describe("email-worker access", () => {
  it("needs the service role: 401 without a token, 403 with the anon key or a user's token", async () => {
    expect((await fetch(server.functionsUrl("email-worker"), { method: "POST" })).status).toBe(401);
    expect((await runWorker(server, LOCAL_ANON_KEY)).status).toBe(403);
    const user = await signUp();
    const token = await tokenFor({ id: user.id, email: user.email, user_metadata: {}, app_metadata: {} });
    const res = await runWorker(server, token);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});
