import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createPlanPdfHandler } from "./handler.ts";

const env = readEnv(
  ["SUPABASE_URL", "SUPABASE_DB_URL", "SITE_URL", "JWT_SECRET", "SUPABASE_JWKS"],
  Deno.env.toObject(),
  { SITE_URL: "http://127.0.0.1:3000" },
);

Deno.serve(createPlanPdfHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "plan-pdf" }),
  verify: jwtVerifierFromEnv(env),
  siteUrl: env.SITE_URL,
}));
