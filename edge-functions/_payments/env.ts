// Payments configuration from env: the Stripe keys (or the local double when there is no key), the
// webhook secrets (several while rotating), and where Checkout sends the customer back.
import type { z } from "zod";
import { loadEnv } from "../_shared/env.ts";
import { ENV, envSchema } from "../_shared/secrets.ts";
import type { PaymentProvider } from "./provider.ts";
import { StripePaymentProvider } from "./stripe/adapter.ts";
import { createStripeClient } from "./stripe/client.ts";

export const paymentsEnvSchema = envSchema([
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRETS",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_API_BASE",
  "STRIPE_TIMEOUT_MS",
  "STRIPE_PRICE_LOOKUP_PRO_MONTHLY",
  "STRIPE_PRICE_LOOKUP_PRO_YEARLY",
]).extend({ SITE_URL: ENV.SITE_URL.schema.optional() });
export type PaymentsEnv = z.infer<typeof paymentsEnvSchema>;

export function webhookSecrets(env: PaymentsEnv): string[] {
  const all = [...(env.STRIPE_WEBHOOK_SECRETS ?? "").split(","), env.STRIPE_WEBHOOK_SECRET ?? ""]
    .map((s) => s.trim()).filter((s) => s.startsWith("whsec_"));
  return [...new Set(all)];
}

export function proLookupKeysFromEnv(source: Record<string, string | undefined>) {
  const env = loadEnv(paymentsEnvSchema, source);
  return { month: env.STRIPE_PRICE_LOOKUP_PRO_MONTHLY, year: env.STRIPE_PRICE_LOOKUP_PRO_YEARLY };
}

export function paymentProviderFromEnv(source: Record<string, string | undefined>): PaymentProvider {
  const env = loadEnv(paymentsEnvSchema, source);
  const stripe = createStripeClient({
    secretKey: env.STRIPE_SECRET_KEY,
    apiBase: env.STRIPE_API_BASE,
    timeoutMs: env.STRIPE_TIMEOUT_MS,
  });
  return new StripePaymentProvider(stripe, webhookSecrets(env));
}
