// Health is the one function that must start with secrets missing: it reports them instead of failing.
import { createSql } from "../_shared/db.ts";
import { registeredEnv } from "../_shared/secrets.ts";
import { type JwtVerifier, jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createDatabaseCheck } from "./database-check.ts";
import { createHealthHandler } from "./handler.ts";
import { createServiceRoleCheck } from "./service-role.ts";

// The registry's variables as they are (unvalidated): health reports what is missing instead of failing.
const env = registeredEnv(Deno.env.toObject());
const sql = env.SUPABASE_DB_URL
  ? createSql(env.SUPABASE_DB_URL, { max: 1, applicationName: "health" })
  : null;

/** A malformed SUPABASE_JWKS must not keep health from starting: then only the service role key counts. */
function verifierOrNone(): JwtVerifier {
  try {
    return jwtVerifierFromEnv(env);
  } catch {
    return () => Promise.reject(new Error("SUPABASE_JWKS is malformed"));
  }
}

Deno.serve(createHealthHandler({
  env,
  isServiceRole: createServiceRoleCheck({
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    verify: verifierOrNone(),
  }),
  checkDatabase: sql
    ? createDatabaseCheck(sql)
    : () => Promise.reject(new Error("SUPABASE_DB_URL is not set")),
}));
