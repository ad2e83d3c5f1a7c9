import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { paymentProviderFromEnv } from "../_payments/env.ts";
import { createStripeWebhookHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_DB_URL"], Deno.env.toObject());

Deno.serve(createStripeWebhookHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 10, applicationName: "stripe-webhook" }),
  provider: paymentProviderFromEnv(Deno.env.toObject()), // registry schemas (_payments/env.ts)
}));
