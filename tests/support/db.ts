// SQL helpers for integration and e2e tests: a client on the throwaway database and users created the
// way Supabase Auth creates them (the profile trigger fires).
import { randomUUID } from "node:crypto";
import { createSql, type Sql } from "../../edge-functions/_shared/db.ts";
import type { AccessTokenClaims } from "../../edge-functions/_shared/jwt.ts";
import { TEST_DB_URL } from "./env.ts";

export function testSql(max = 4): Sql {
  return createSql(TEST_DB_URL, { max, applicationName: "tripmaster-tests" });
}

export interface TestUser {
  id: string;
  email: string;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
}

export async function createUser(
  sql: Sql,
  options: { email?: string; metadata?: Record<string, unknown> } = {},
): Promise<TestUser> {
  const id = randomUUID();
  const email = options.email ?? `${id}@test.tripmaster.test`;
  const app = { provider: "email", providers: ["email"] };
  const meta = options.metadata ?? {};
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email}, '',
      now(), ${sql.json(app)}, ${sql.json(meta as never)}, now(), now(), '', '', '', '')`;
  return { id, email, user_metadata: meta, app_metadata: app };
}

/** The claims Supabase Auth would put in this user's access token. */
export function claimsFor(user: TestUser, overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    role: "authenticated",
    aud: "authenticated",
    exp: now + 3600,
    iat: now,
    email: user.email,
    phone: "",
    aal: "aal1",
    session_id: randomUUID(),
    is_anonymous: false,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    ...overrides,
  };
}
