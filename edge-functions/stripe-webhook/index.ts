import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { loadEnv } from "../_shared/env.ts";
import { paymentProviderFromEnv } from "../_payments/env.ts";
import { createStripeWebhookHandler } from "./handler.ts";

const env = loadEnv(z.object({ SUPABASE_DB_URL: z.string().min(1) }), Deno.env.toObject());

Deno.serve(createStripeWebhookHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 10, applicationName: "stripe-webhook" }),
  provider: paymentProviderFromEnv(Deno.env.toObject()),
}));
