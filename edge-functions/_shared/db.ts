// Postgres access for functions, with postgres.js straight to SUPABASE_DB_URL. `prepare: false` because
// hosted connections may go through Supavisor in transaction mode, which has no prepared statements.
import postgres from "postgres";
import type { AccessTokenClaims } from "./jwt.ts";
import { currentRequestScope } from "./request-scope.ts";

export type Sql = postgres.Sql;
export type TxSql = postgres.TransactionSql;

export function createSql(url: string, options: { max?: number; applicationName?: string } = {}): Sql {
  return postgres(url, {
    prepare: false,
    max: options.max ?? 5,
    idle_timeout: 20,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "tripmaster-edge-function" },
  });
}

/**
 * Runs `work` in one transaction as the user the claims describe: role `authenticated` (or `anon`),
 * `request.jwt.claims` and `request.headers` set transaction-locally, exactly as PostgREST does, so RLS and
 * auth.uid() apply and activity rows carry the caller's IP and user agent.
 * Never used for service-role work: that runs on `sql` directly, and says so at the call site.
 */
export async function asUser<T>(
  sql: Sql,
  claims: AccessTokenClaims,
  work: (tx: TxSql) => Promise<T>,
): Promise<T> {
  assertUserRole(claims);
  const result = await sql.begin(async (tx) => {
    await actAsUser(tx, claims);
    return await work(tx);
  });
  return result as T;
}

function assertUserRole(claims: AccessTokenClaims) {
  if (claims.role !== "authenticated" && claims.role !== "anon") {
    throw new Error(`asUser: refusing role ${JSON.stringify(claims.role)}`);
  }
}

/**
 * Inside an open transaction: from here on act as the user (role + claims, transaction-local). The
 * headers of the request being served (see request-scope.ts; none outside a request) become
 * `request.headers`, so private.request_client_ip() and the activity log see them as under PostgREST.
 */
export async function actAsUser(tx: TxSql, claims: AccessTokenClaims): Promise<void> {
  assertUserRole(claims);
  const headers = currentRequestScope()?.sqlHeaders ?? {};
  await tx`select set_config('role', ${claims.role}, true), set_config('request.jwt.claims', ${
    JSON.stringify(claims)
  }, true), set_config('request.headers', ${JSON.stringify(headers)}, true)`;
}

/** Inside an open transaction: back to the connection's own role (postgres), for the service-side steps
 * that must commit together with the user's writes (e.g. settling a quota). SET ROLE is checked against
 * the session user, so this is always allowed, and it is local to the transaction. */
export async function actAsService(tx: TxSql): Promise<void> {
  await tx`select set_config('role', 'none', true), set_config('request.jwt.claims', '', true)`;
}
