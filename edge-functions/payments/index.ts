import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { paymentProviderFromEnv, proLookupKeysFromEnv } from "../_payments/env.ts";
import { createPaymentsHandler } from "./handler.ts";

const env = readEnv(
  ["SUPABASE_URL", "SUPABASE_DB_URL", "SITE_URL", "JWT_SECRET", "SUPABASE_JWKS"],
  Deno.env.toObject(),
  { SITE_URL: "http://127.0.0.1:3000" },
);

Deno.serve(createPaymentsHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 10, applicationName: "payments" }),
  provider: paymentProviderFromEnv(Deno.env.toObject()), // registry schemas (_payments/env.ts)
  verify: jwtVerifierFromEnv(env),
  siteUrl: env.SITE_URL.replace(/\/+$/, ""),
  proLookupKeys: proLookupKeysFromEnv(Deno.env.toObject()),
}));
