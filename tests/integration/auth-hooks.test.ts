// The auth hooks as Supabase Auth runs them: connected as supabase_auth_admin, inside a transaction with
// a 2 s statement timeout, `select "<schema>"."<function>"($1)` with the JSON payload, where schema and
// function come from the pg-functions:// URIs in config.toml.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";
import { ROOT, TEST_DB_PORT } from "../support/env.ts";

const config = parse(readFileSync(path.join(ROOT, "supabase/config.toml"), "utf8")) as {
  auth: { hook: Record<string, { enabled: boolean; uri: string }> };
};

// GoTrue's URI check (ValidateExtensibilityPoint): pg-functions://<db>/<schema>/<function>, identifiers
// without hyphens.
const PG_URI = /^pg-functions:\/\/postgres\/([a-zA-Z_][a-zA-Z0-9_]{0,62})\/([a-zA-Z_][a-zA-Z0-9_]{0,62})$/;

// What GoTrue validates a hook's claims against (MinimumViableTokenSchema).
const minimumViableToken = z.looseObject({
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int(),
  sub: z.string(),
  email: z.string(),
  phone: z.string(),
  role: z.string(),
  aal: z.string(),
  session_id: z.string(),
  is_anonymous: z.boolean(),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
});
const hookError = z.object({ error: z.object({ http_code: z.number().int(), message: z.string().min(1) }) });
const passwordDecision = z.strictObject({
  decision: z.enum(["continue", "reject"]),
  message: z.string(),
  should_logout_user: z.boolean(),
});

const admin = testSql(1);
const asAuth = postgres(`postgresql://supabase_auth_admin:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`, {
  prepare: false,
  max: 1,
  onnotice: () => {},
});
let user: TestUser;

function target(hook: string): string {
  const h = config.auth.hook[hook];
  expect(h?.enabled, `${hook} hook is enabled`).toBe(true);
  const m = h.uri.match(PG_URI);
  expect(m, `${hook} uri ${h.uri} passes GoTrue's validation`).not.toBeNull();
  return `"${m![1]}"."${m![2]}"`;
}

async function callHook(hook: string, payload: unknown, userId?: string): Promise<unknown> {
  const fn = target(hook);
  return await asAuth.begin(async (tx) => {
    // During sign-in Auth has locked the user's row in this same, still open, transaction.
    if (userId) await tx`select id from auth.users where id = ${userId} for update`;
    await tx.unsafe("set local statement_timeout TO '2000'");
    const [row] = await tx.unsafe(`select ${fn}($1::jsonb) as out`, [payload as never]);
    return row.out;
  });
}

beforeAll(async () => {
  user = await createUser(admin, { metadata: { display_name: "Hook Tester" } });
});
afterAll(async () => {
  await admin`delete from auth.users where id = ${user.id}`;
  await admin.end();
  await asAuth.end();
});

const metadata = (name: string, ip = "127.0.0.1") => ({
  uuid: randomUUID(),
  time: new Date().toISOString(),
  name,
  ip_address: ip,
});

describe("custom access token hook (as supabase_auth_admin)", () => {
  it("returns claims GoTrue accepts, with user_role and tier added", async () => {
    const claims = claimsFor(user);
    const out = await callHook("custom_access_token", {
      metadata: metadata("custom_access_token"),
      user_id: user.id,
      claims,
      authentication_method: "token_refresh",
    }, user.id);
    const parsed = z.object({ claims: minimumViableToken }).parse(out);
    expect(parsed.claims).toMatchObject({ ...claims, user_role: "user", tier: "free" });
  });

  it("answers with GoTrue's error shape for a suspended account", async () => {
    await admin`update public.profiles set suspended_at = now() where id = ${user.id}`;
    try {
      const out = await callHook("custom_access_token", { user_id: user.id, claims: claimsFor(user) });
      expect(hookError.parse(out).error.http_code).toBe(403);
    } finally {
      await admin`update public.profiles set suspended_at = null where id = ${user.id}`;
    }
  });
});

describe("custom access token hook and the lockout", () => {
  const password = () => ({
    metadata: metadata("custom_access_token"),
    user_id: user.id,
    claims: claimsFor(user),
    authentication_method: "password",
  });

  it("refuses a password sign-in without the sign-in function's ticket, consumes one ticket per token", async () => {
    expect(hookError.parse(await callHook("custom_access_token", password(), user.id)).error.http_code).toBe(
      403,
    );
    await admin`insert into private.sign_in_tickets (user_id, source, expires_at)
      values (${user.id}, 'ip:203.0.113.1', now() + interval '1 minute')`;
    const out = await callHook("custom_access_token", password(), user.id);
    expect(z.object({ claims: minimumViableToken }).parse(out).claims.sub).toBe(user.id);
    expect(hookError.parse(await callHook("custom_access_token", password(), user.id)).error.http_code).toBe(
      403,
    );
  });

  it("never refuses a refresh because of a lock", async () => {
    await admin`insert into private.sign_in_locks (account_key, source, user_id, locked_until)
      values (${user.id}, '*', ${user.id}, now() + interval '30 minutes')`;
    await admin`update public.profiles set locked_until = now() + interval '30 minutes' where id = ${user.id}`;
    try {
      const out = await callHook("custom_access_token", {
        metadata: metadata("custom_access_token"),
        user_id: user.id,
        claims: claimsFor(user),
        authentication_method: "token_refresh",
      }, user.id);
      expect(out).toHaveProperty("claims");
    } finally {
      await admin`delete from private.sign_in_locks where account_key = ${user.id}`;
      await admin`update public.profiles set locked_until = null where id = ${user.id}`;
    }
  });
});

describe("password verification attempt hook (as supabase_auth_admin)", () => {
  it("answers in the decision format, locks the source on its 5th failure, never logs out", async () => {
    const attempt = (ip: string, valid: boolean) =>
      callHook("password_verification_attempt", {
        metadata: metadata("password_verification_attempt", ip),
        user_id: user.id,
        valid,
      }, user.id);
    const outs = [];
    for (let i = 0; i < 5; i++) outs.push(passwordDecision.parse(await attempt("203.0.113.5", false)));
    expect(outs.map((o) => o.decision)).toEqual(["continue", "continue", "continue", "continue", "reject"]);
    expect(outs.every((o) => o.should_logout_user === false)).toBe(true);
    expect(passwordDecision.parse(await attempt("198.51.100.5", true)).decision).toBe("continue");
    await admin`delete from private.sign_in_locks where account_key = ${user.id}`;
    await admin`delete from private.sign_in_failures where account_key = ${user.id}`;
  });

  it("counts concurrent failures from Auth's parallel requests: all of them", async () => {
    // Four Auth connections, each in its own open transaction, as parallel sign-in requests are.
    const conns = Array.from(
      { length: 4 },
      () =>
        postgres(`postgresql://supabase_auth_admin:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`, {
          prepare: false,
          max: 1,
          onnotice: () => {},
        }),
    );
    const results = await Promise.all(conns.map((conn) =>
      conn.begin(async (tx) => {
        const [row] = await tx.unsafe(`select ${target("password_verification_attempt")}($1::jsonb) as out`, [
          {
            metadata: metadata("password_verification_attempt", "203.0.113.6"),
            user_id: user.id,
            valid: false,
          } as never,
        ]);
        return row.out;
      })
    )).finally(() => Promise.all(conns.map((c) => c.end())));
    expect(results).toHaveLength(4);
    const [{ n }] = await admin<{ n: number }[]>`select count(*)::int as n from private.sign_in_failures
      where account_key = ${user.id} and source = 'ip:203.0.113.6'`;
    expect(n).toBe(4);
    await admin`delete from private.sign_in_failures where account_key = ${user.id}`;
  });

  it("cannot be reached by the API roles", async () => {
    await expect(
      admin.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true)`;
        await tx.unsafe(`select ${target("password_verification_attempt")}('{}'::jsonb)`);
      }),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
