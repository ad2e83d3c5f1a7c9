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

async function callHook(hook: string, payload: unknown): Promise<unknown> {
  const fn = target(hook);
  return await asAuth.begin(async (tx) => {
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

const metadata = (name: string) => ({
  uuid: randomUUID(),
  time: new Date().toISOString(),
  name,
  ip_address: "127.0.0.1",
});

describe("custom access token hook (as supabase_auth_admin)", () => {
  it("returns claims GoTrue accepts, with user_role and tier added", async () => {
    const claims = claimsFor(user);
    const out = await callHook("custom_access_token", {
      metadata: metadata("custom_access_token"),
      user_id: user.id,
      claims,
      authentication_method: "password",
    });
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

describe("password verification attempt hook (as supabase_auth_admin)", () => {
  it("answers every attempt in the decision format and locks on the 5th failure", async () => {
    const outs = [];
    for (let i = 0; i < 5; i++) {
      outs.push(passwordDecision.parse(
        await callHook("password_verification_attempt", {
          metadata: metadata("password_verification_attempt"),
          user_id: user.id,
          valid: false,
        }),
      ));
    }
    expect(outs.map((o) => o.decision)).toEqual(["continue", "continue", "continue", "continue", "reject"]);
    expect(outs[4].should_logout_user).toBe(true);
    const [p] = await admin<{ locked: boolean }[]>`
      select locked_until > now() + interval '29 minutes' as locked from public.profiles where id = ${user.id}`;
    expect(p.locked).toBe(true);
    await admin`update public.profiles set locked_until = null where id = ${user.id}`;
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
