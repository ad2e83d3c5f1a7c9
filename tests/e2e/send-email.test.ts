// The Send Email hook and the outbox worker through the Deno-served stack, called the way Supabase Auth
// and pg_cron call them, with real Standard Webhooks signatures.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSql } from "../support/db.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_SEND_EMAIL_HOOK_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
  TEST_DB_PORT,
} from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { type ResendDouble, startResendDouble } from "../support/resend-double.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(2);
const wh = new Webhook(LOCAL_SEND_EMAIL_HOOK_SECRET.slice(3));
let server: FunctionsServer;

beforeAll(async () => {
  // Other files' outbox rows are left alone: assertions look at this file's users' rows only.
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

const INSERT_USER = (id: string, email: string) => `
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, confirmation_token,
    confirmation_sent_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
    recovery_token, email_change_token_new, email_change)
  values ('00000000-0000-0000-0000-000000000000', '${id}', 'authenticated', 'authenticated', '${email}',
    '$2a$10$abcdefghijklmnopqrstuv', 'pkce_token_hash_${id}', now(),
    '{"provider":"email","providers":["email"]}', '{"display_name":"New Traveller"}', now(), now(), '', '', '')`;

/**
 * A sign-up as Supabase Auth runs it: on Auth's own connection (supabase_auth_admin), the user and its
 * identity are inserted in a transaction that stays open while the Send Email hook is called; Auth commits
 * only after the hook answered (or rolls back when it failed). Returns the open transaction's controls.
 */
async function openSignUp(email = `signup-${randomUUID()}@example.test`) {
  const id = randomUUID();
  const auth = postgres(`postgresql://supabase_auth_admin:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`, {
    max: 1,
    prepare: false,
    onnotice: () => {},
  });
  const reserved = await auth.reserve();
  await reserved.unsafe("begin");
  await reserved.unsafe(INSERT_USER(id, email));
  await reserved.unsafe(`
    insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    values ('${id}', '${id}', '{"sub":"${id}","email":"${email}"}', 'email', now(), now())`);
  const end = async (how: "commit" | "rollback") => {
    await reserved.unsafe(how);
    reserved.release();
    await auth.end();
  };
  return { user: { id, email }, commit: () => end("commit"), rollback: () => end("rollback") };
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
      // As Auth fills it: its own API URL, not the app's.
      site_url: "http://127.0.0.1:54321/auth/v1",
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

const visibleUser = async (id: string) => (await sql`select 1 from auth.users where id = ${id}`).length === 1;

describe("a sign-up, as Supabase Auth runs it (user not committed while the hook runs)", () => {
  it("answers the hook, mails a working confirmation link, and welcomes only once the address is confirmed", async () => {
    const signUp = await openSignUp();
    const { user } = signUp;
    try {
      expect(await visibleUser(user.id), "the hook's connection cannot see the user yet").toBe(false);
      const body = hookBody(user);
      const res = await callHook(server, body, signed(body));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ queued: 1 });
    } catch (err) {
      await signUp.rollback();
      throw err;
    }
    await signUp.commit();

    const mine = () => mailbox(server.mailboxDir).filter((m) => m.to === user.email);
    expect(mine().map((m) => m.subject)).toEqual(["Confirm your TripMaster account"]);
    const href = mine()[0].html.match(/href="([^"]*auth\/confirm[^"]*)"/)![1].replace(/&amp;/g, "&");
    const link = new URL(href);
    // The app's page (SITE_URL), not Auth's API URL from the payload; the verifyOtp parameters.
    expect(link.origin + link.pathname).toBe("http://127.0.0.1:3000/auth/confirm");
    expect(link.searchParams.get("token_hash")).toBe(`th_${user.id}`);
    expect(link.searchParams.get("type")).toBe("signup");
    expect(link.searchParams.get("redirect_to")).toBe("http://127.0.0.1:3000/");

    // Unconfirmed: nothing but the confirmation, even after the worker ran.
    expect((await runWorker(server)).status).toBe(200);
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual(["confirm_signup"]);

    // Auth confirms the address (verify), as supabase_auth_admin: the welcome email follows.
    const auth = postgres(`postgresql://supabase_auth_admin:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`, {
      max: 1,
      onnotice: () => {},
    });
    await auth`update auth.users set email_confirmed_at = now(), confirmation_token = '' where id = ${user.id}`;
    await auth`update auth.users set last_sign_in_at = now(), email_confirmed_at = now() where id = ${user.id}`;
    await auth.end();
    expect((await runWorker(server)).status).toBe(200);
    expect(mine().map((m) => m.subject).sort()).toEqual([
      "Confirm your TripMaster account",
      "Welcome to TripMaster",
    ]);
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual(["confirm_signup", "welcome"]);
  });

  it("answers the hook when Auth then rolls the sign-up back, and nothing refers to the missing user", async () => {
    const signUp = await openSignUp();
    const body = hookBody(signUp.user, "invite");
    let status = 0;
    try {
      status = (await callHook(server, body, signed(body))).status;
    } finally {
      await signUp.rollback();
    }
    expect(status).toBe(200);
    expect(await visibleUser(signUp.user.id)).toBe(false);
    expect((await outboxFor(signUp.user.id)).map((r) => r.template)).toEqual(["invite"]);
    // The worker is not upset by an email whose user never existed.
    expect((await runWorker(server)).status).toBe(200);
  });

  it("welcomes a user created already confirmed (an admin-created user) at once", async () => {
    const id = randomUUID();
    await sql.unsafe(INSERT_USER(id, `confirmed-${id}@example.test`));
    await sql`update auth.users set email_confirmed_at = null where id = ${id}`;
    expect((await outboxFor(id)).map((r) => r.template)).toEqual([]);
    const id2 = randomUUID();
    await sql.unsafe(
      INSERT_USER(id2, `confirmed-${id2}@example.test`).replace(
        "confirmation_sent_at,",
        "email_confirmed_at,",
      ),
    );
    expect((await outboxFor(id2)).map((r) => r.template)).toEqual(["welcome"]);
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
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual([]);
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
    expect((await outboxFor(user.id)).map((r) => r.template)).toEqual([]);
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
    const res = await callHook(viaResend, body, signed(body));
    expect(res.status).toBe(200);
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
