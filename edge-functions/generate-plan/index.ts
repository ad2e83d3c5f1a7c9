import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { providerFromEnv } from "../_planner/providers/select.ts";
import { createGeneratePlanHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_URL", "SUPABASE_DB_URL", "JWT_SECRET", "SUPABASE_JWKS"], Deno.env.toObject());

// Hosted Edge Functions keep a worker alive for promises handed to EdgeRuntime.waitUntil; elsewhere (the
// local stack) the promise simply runs on in the process.
const edgeRuntime = (globalThis as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime;

Deno.serve(createGeneratePlanHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 10, applicationName: "generate-plan" }),
  provider: providerFromEnv(Deno.env.toObject()), // reads PLAN_ENV through the registry
  verify: jwtVerifierFromEnv(env),
  waitUntil: edgeRuntime ? (p) => edgeRuntime.waitUntil(p) : undefined,
}));
