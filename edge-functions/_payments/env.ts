// Payments configuration from env: the Stripe keys (or the local double when there is no key), the
// webhook secrets (several while rotating), and where Checkout sends the customer back.
import { z } from "zod";
import { loadEnv } from "../_shared/env.ts";
import type { PaymentProvider } from "./provider.ts";
import { StripePaymentProvider } from "./stripe/adapter.ts";
import { createStripeClient } from "./stripe/client.ts";

export const paymentsEnvSchema = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret or restricted key"),
  // Comma-separated while rotating; STRIPE_WEBHOOK_SECRET alone otherwise.
  STRIPE_WEBHOOK_SECRETS: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  SITE_URL: z.url().optional(),
  // Pro prices are found by their Stripe lookup keys (set on the prices in the dashboard), never by id.
  STRIPE_PRICE_LOOKUP_PRO_MONTHLY: z.string().min(1).max(200).default("tripmaster_pro_monthly"),
  STRIPE_PRICE_LOOKUP_PRO_YEARLY: z.string().min(1).max(200).default("tripmaster_pro_yearly"),
});
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
