import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { jwtEnv, loadEnv } from "../_shared/env.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { paymentProviderFromEnv } from "../_payments/env.ts";
import { storageApiDeleter } from "../_purge/storage.ts";
import { createPurgeWorkerHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_URL: z.url(),
    SUPABASE_DB_URL: z.string().min(1),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(20),
    STORAGE_API_URL: z.url().optional(),
    ...jwtEnv,
  }),
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
