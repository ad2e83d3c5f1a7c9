import { createSql } from "../_shared/db.ts";
import { EMAIL_ENV, providerFromEnv } from "../_email/providers/select.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createEmailWorkerHandler } from "./handler.ts";

const env = readEnv(
  ["SUPABASE_URL", "SUPABASE_DB_URL", "JWT_SECRET", "SUPABASE_JWKS", ...EMAIL_ENV],
  Deno.env.toObject(),
);

Deno.serve(createEmailWorkerHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 4, applicationName: "email-worker" }),
  provider: providerFromEnv(env),
  from: env.EMAIL_FROM,
  siteUrl: env.SITE_URL,
  verify: jwtVerifierFromEnv(env),
}));
