// Password sign-in with lockout on every plan, through the Deno-served functions and a GoTrue double that
// calls the Postgres hooks as Auth does (tests/support/gotrue-double.ts). The client IP reaches the
// function as the platform's gateway writes it: appended as the last X-Forwarded-For entry.
import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFunctionsClient, unlockTokenFromUrl } from "../../clients/src/index.ts";
import { renderEmail } from "../../edge-functions/_email/catalog.ts";
import { testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { type GoTrueDouble, startGoTrueDouble } from "../support/gotrue-double.ts";

const sql = testSql(2);
const PASSWORD = "Correct-horse-42";
let server: FunctionsServer;
let auth: GoTrueDouble;

/** supabase-js against the Auth double (realtime is never used: no WebSocket needed on Node 20). */
const authClient = () =>
  createClient(auth.url, LOCAL_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: class {} as never },
  });

async function userWithPassword(): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `signin-${id}@example.test`;
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
      extensions.crypt(${PASSWORD}, extensions.gen_salt('bf', 4)), now(),
      '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', '', '', '')`;
  return { id, email };
}

function signIn(body: unknown, ip = "198.51.100.1", spoofed?: string) {
  return fetch(server.functionsUrl("sign-in"), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      // What the client wrote (if anything), then the address the platform's edge saw. The local gateway
      // appends its own peer (127.0.0.1) as a second hop, so the server trusts two hops.
      "x-forwarded-for": spoofed ? `${spoofed}, ${ip}` : ip,
    },
    body: JSON.stringify(body),
  });
}

const unlock = (token: string) =>
  fetch(server.functionsUrl("account-unlock"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });

const actions = async (id: string, action: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from public.activity_log
    where user_id = ${id} and action = ${action}`)[0].n;

beforeAll(async () => {
  auth = await startGoTrueDouble();
  server = await startFunctionsServer({ SUPABASE_URL: auth.url, TRUSTED_PROXY_HOPS: "2" });
});
afterAll(async () => {
  await server?.stop();
  await auth?.stop();
  await sql.end();
});

describe("sign-in function", () => {
  it("signs the owner in, returns a GoTrue session and a device token, and logs it", async () => {
    const user = await userWithPassword();
    const res = await signIn({ email: user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "bearer", user: { id: user.id } });
    expect(body.device_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { payload } = await jwtVerify(body.access_token, new TextEncoder().encode(LOCAL_JWT_SECRET));
    expect(payload).toMatchObject({ sub: user.id, user_role: "user", tier: "free" });
    expect(await actions(user.id, "auth.sign_in")).toBe(1);
  });

  it("locks only the attacker's source: 400 four times, then 429 with Retry-After, without asking Auth", async () => {
    const user = await userWithPassword();
    const owner = await (await signIn({ email: user.email, password: PASSWORD }, "192.0.2.10")).json();
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await signIn({ email: user.email, password: "wrong" }, "203.0.113.7", "192.0.2.10")).status,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const grants = auth.passwordGrants();
    const refused = await signIn({ email: user.email, password: PASSWORD }, "203.0.113.7");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(1700);
    expect((await refused.json()).error.code).toBe("too_many_attempts");
    expect(auth.passwordGrants(), "a locked attempt never reaches Auth").toBe(grants);

    // The client-written X-Forwarded-For entry (the owner's address) was not the source: the owner is fine.
    expect((await signIn({ email: user.email, password: PASSWORD }, "192.0.2.10")).status).toBe(200);
    // The owner's device passes even from the attacker's network.
    const fromDevice = await signIn(
      { email: user.email, password: PASSWORD, device_token: owner.device_token },
      "203.0.113.7",
    );
    expect(fromDevice.status).toBe(200);
    expect((await fromDevice.json()).device_token).toBe(owner.device_token);

    // The owner's existing session keeps refreshing (supabase-js against Auth).
    const client = authClient();
    const refreshed = await client.auth.refreshSession({ refresh_token: owner.refresh_token });
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.user.id).toBe(user.id);

    expect(await actions(user.id, "auth.sign_in_failed")).toBe(5);
    expect(await actions(user.id, "account.locked")).toBe(1);
  });

  it("emails one unlock link that works once and is logged", async () => {
    const user = await userWithPassword();
    for (let i = 0; i < 5; i++) await signIn({ email: user.email, password: "wrong" }, "203.0.113.8");
    const emails = await sql<{ data: { unlockToken: string } }[]>`
      select data from public.email_outbox where user_id = ${user.id} and template = 'account_locked'`;
    expect(emails).toHaveLength(1);
    // What SQL queued renders with the template (the worker adds appUrl from SITE_URL).
    const rendered = await renderEmail("account_locked", {
      ...emails[0].data,
      appUrl: "http://127.0.0.1:3000",
    });
    expect(rendered.text).toContain(`/account/unlock#token=${emails[0].data.unlockToken}`);
    expect((await signIn({ email: user.email, password: PASSWORD }, "203.0.113.8")).status).toBe(429);

    const first = await unlock(emails[0].data.unlockToken);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ unlocked: true });
    expect((await signIn({ email: user.email, password: PASSWORD }, "203.0.113.8")).status).toBe(200);
    const again = await unlock(emails[0].data.unlockToken);
    expect(again.status).toBe(400);
    expect((await again.json()).error.code).toBe("invalid_token");
    expect(await actions(user.id, "account.unlocked")).toBe(1);
  });

  it("answers an unknown address exactly like a wrong password, lock included", async () => {
    const user = await userWithPassword();
    const unknown = `nobody-${randomUUID()}@example.test`;
    const known = [];
    const missing = [];
    for (let i = 0; i < 5; i++) {
      const a = await signIn({ email: user.email, password: "wrong" }, "203.0.113.20");
      const b = await signIn({ email: unknown, password: "wrong" }, "203.0.113.21");
      known.push([a.status, await a.json()]);
      missing.push([b.status, await b.json()]);
    }
    expect(missing).toEqual(known);
  });

  it("answers a banned account (Auth refuses it before the password) exactly like an unknown address, and counts it", async () => {
    const user = await userWithPassword();
    await sql`update auth.users set banned_until = now() + interval '1 day' where id = ${user.id}`;
    const unknown = `nobody-${randomUUID()}@example.test`;
    const banned = [];
    const missing = [];
    for (let i = 0; i < 5; i++) {
      const a = await signIn({ email: user.email, password: "any-guess" }, "203.0.113.30");
      const b = await signIn({ email: unknown, password: "any-guess" }, "203.0.113.31");
      banned.push([a.status, await a.json()]);
      missing.push([b.status, await b.json()]);
    }
    expect(banned).toEqual(missing);
    expect(await actions(user.id, "auth.sign_in_failed")).toBe(5);
  });

  it("refuses a password grant sent straight to Auth (no ticket): no session from a stolen password there", async () => {
    const user = await userWithPassword();
    const client = authClient();
    const { data, error } = await client.auth.signInWithPassword({ email: user.email, password: PASSWORD });
    expect(data.session).toBeNull();
    expect(error?.status).toBe(403);
  });

  it("counts concurrent failures from one source: none is lost, and no more than 5 reach Auth", async () => {
    const user = await userWithPassword();
    const before = auth.passwordGrants();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => signIn({ email: user.email, password: "wrong" }, "203.0.113.30")),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    expect(statuses).toContain(429);
    // Attempts in flight count: parallel requests get no more guesses than the threshold.
    expect(auth.passwordGrants() - before).toBeLessThanOrEqual(5);
    // Every attempt Auth checked is counted (and logged) exactly once.
    expect(await actions(user.id, "auth.sign_in_failed")).toBe(auth.passwordGrants() - before);
    const [lock] = await sql`select 1 from private.sign_in_locks where account_key = ${user.id}
      and source = 'ip:203.0.113.30' and locked_until > now()`;
    expect(lock).toBeDefined();
  });

  it("rejects a body of the wrong shape with 400 and other methods with 405, writing nothing", async () => {
    const bad = await signIn({ email: "not-an-address", password: "" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("validation_failed");
    const get = await fetch(server.functionsUrl("sign-in"));
    expect(get.status).toBe(405);
    const badToken = await unlock("short");
    expect(badToken.status).toBe(400);
  });
});

describe("from a frontend: @tripmaster/client + supabase-js", () => {
  it("signs in through the function, hands the session to supabase-js, unlocks with the emailed link", async () => {
    const user = await userWithPassword();
    const api = createFunctionsClient({ url: server.url, anonKey: LOCAL_ANON_KEY });
    const signedIn = await api.signIn({ email: user.email, password: PASSWORD });
    expect(signedIn.error).toBeNull();
    const supabase = authClient();
    const { data, error } = await supabase.auth.setSession(signedIn.data!);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);
    expect(signedIn.data!.device_token).toBeTruthy();

    for (let i = 0; i < 5; i++) await api.signIn({ email: user.email, password: "wrong" });
    const locked = await api.signIn({ email: user.email, password: PASSWORD });
    expect(locked.error).toMatchObject({ status: 429, code: "too_many_attempts" });
    const withDevice = await api.signIn({
      email: user.email,
      password: PASSWORD,
      device_token: signedIn.data!.device_token!,
    });
    expect(withDevice.error).toBeNull();

    const [row] = await sql<{ data: { unlockToken: string } }[]>`
      select data from public.email_outbox where user_id = ${user.id} and template = 'account_locked'`;
    const rendered = await renderEmail("account_locked", { ...row.data, appUrl: "http://127.0.0.1:3000" });
    const link = rendered.text.match(/http:\/\/127\.0\.0\.1:3000\/account\/unlock#token=[A-Za-z0-9_-]+/)![0];
    expect((await api.unlockAccount(unlockTokenFromUrl(link)!)).data).toEqual({ unlocked: true });
    expect((await api.signIn({ email: user.email, password: PASSWORD })).error).toBeNull();
  });
});

describe("Team/Enterprise: the password verification hook also enabled", () => {
  it("counts direct attempts per IP, never logs the owner out, and does not count function attempts twice", async () => {
    auth.setPasswordHook(true);
    try {
      const user = await userWithPassword();
      const owner = await (await signIn({ email: user.email, password: PASSWORD })).json();
      expect(owner.access_token).toBeDefined();

      // One failure through the function: counted once (the hook sees the ticket and leaves it to the function).
      expect((await signIn({ email: user.email, password: "wrong" }, "198.51.100.50")).status).toBe(400);
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from private.sign_in_failures
        where account_key = ${user.id}`;
      expect(n).toBe(1);

      // Five direct failures (Auth sees the caller's address, 127.0.0.1 here): the fifth is rejected by the hook.
      const client = authClient();
      const messages = [];
      for (let i = 0; i < 5; i++) {
        const { error } = await client.auth.signInWithPassword({ email: user.email, password: "wrong" });
        messages.push(error?.message);
      }
      expect(messages[4]).toMatch(/Too many failed sign-in attempts/);
      const [{ sessions }] = await sql<
        { sessions: number }[]
      >`select count(*)::int as sessions from auth.sessions
        where user_id = ${user.id}`;
      expect(sessions, "the owner's session survives").toBe(1);
      const refreshed = await client.auth.refreshSession({ refresh_token: owner.refresh_token });
      expect(refreshed.error).toBeNull();
      // The owner through the function from their own address still gets in.
      expect((await signIn({ email: user.email, password: PASSWORD }, "198.51.100.50")).status).toBe(200);
    } finally {
      auth.setPasswordHook(false);
    }
  });
});
