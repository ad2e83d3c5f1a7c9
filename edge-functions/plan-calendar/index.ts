import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createPlanCalendarHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_URL", "SUPABASE_DB_URL", "JWT_SECRET", "SUPABASE_JWKS"], Deno.env.toObject());

Deno.serve(createPlanCalendarHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "plan-calendar" }),
  verify: jwtVerifierFromEnv(env),
}));
