// Signs webhook payloads exactly as Stripe does, with the SDK's own test helper.
import Stripe from "stripe";

const stripe = new Stripe("sk_test_signing_only", { httpClient: Stripe.createFetchHttpClient() });
const crypto = Stripe.createSubtleCryptoProvider();

export function signedHeader(payload: string, secret: string, timestamp?: number): Promise<string> {
  return stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    timestamp,
    cryptoProvider: crypto,
  });
}

/** POSTs one event to a webhook URL the way Stripe delivers it. */
export async function deliver(
  url: string,
  event: unknown,
  secret: string,
  options: { timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const payload = JSON.stringify(event, null, 2);
  const signature = options.signature ?? await signedHeader(payload, secret, options.timestamp);
  return await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signature,
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    },
    body: payload,
  });
}
