// The Stripe SDK client, configured for Edge Functions (fetch + SubtleCrypto) and, in tests and the local
// stack, pointed at the Stripe API double on 127.0.0.1 through the SDK's host/port/protocol options.
import Stripe from "stripe";
import { STRIPE_API_VERSION } from "./events.ts";

export interface StripeClientOptions {
  secretKey: string;
  /** e.g. http://127.0.0.1:12111 (the double); unset: api.stripe.com. */
  apiBase?: string;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

export function createStripeClient(options: StripeClientOptions): Stripe {
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION as Stripe.StripeConfig["apiVersion"],
    httpClient: Stripe.createFetchHttpClient(),
    timeout: options.timeoutMs ?? 10_000,
    // The SDK retries 409/429/5xx and network errors with the same idempotency key: safe for creates.
    maxNetworkRetries: options.maxNetworkRetries ?? 1,
    appInfo: { name: "tripmaster-backend" },
  };
  if (options.apiBase) {
    const url = new URL(options.apiBase);
    config.host = url.hostname;
    config.port = url.port || (url.protocol === "https:" ? "443" : "80");
    config.protocol = url.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(options.secretKey, config);
}

export const subtleCrypto = Stripe.createSubtleCryptoProvider();
