import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { jwtEnv, loadEnv } from "../_shared/env.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { paymentProviderFromEnv, proLookupKeysFromEnv } from "../_payments/env.ts";
import { createPaymentsHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_URL: z.url(),
    SUPABASE_DB_URL: z.string().min(1),
    SITE_URL: z.url().default("http://127.0.0.1:3000"),
    ...jwtEnv,
  }),
  Deno.env.toObject(),
);

Deno.serve(createPaymentsHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 10, applicationName: "payments" }),
  provider: paymentProviderFromEnv(Deno.env.toObject()),
  verify: jwtVerifierFromEnv(env),
  siteUrl: env.SITE_URL.replace(/\/+$/, ""),
  proLookupKeys: proLookupKeysFromEnv(Deno.env.toObject()),
}));
