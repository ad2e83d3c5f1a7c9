import { createSql } from "../_shared/db.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { readEnv } from "../_shared/secrets.ts";
import { paymentProviderFromEnv } from "../_payments/env.ts";
import { storageApiDeleter } from "../_purge/storage.ts";
import { createPurgeWorkerHandler } from "./handler.ts";

const env = readEnv(
  [
    "SUPABASE_URL",
    "SUPABASE_DB_URL",
    "SUPABASE_SERVICE_ROLE_KEY",
    "STORAGE_API_URL",
    "JWT_SECRET",
    "SUPABASE_JWKS",
  ],
  Deno.env.toObject(),
);
const stripe = paymentProviderFromEnv(Deno.env.toObject());

Deno.serve(createPurgeWorkerHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 2, applicationName: "purge-worker" }),
  providers: { [stripe.name]: stripe },
  storage: storageApiDeleter({
    baseUrl: env.STORAGE_API_URL ?? `${env.SUPABASE_URL.replace(/\/+$/, "")}/storage/v1`,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
  }),
  verify: jwtVerifierFromEnv(env),
}));
