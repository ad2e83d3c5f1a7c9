// POST /stripe-webhook: Stripe's webhook endpoint (verify_jwt = false: Stripe signs, it has no JWT).
// The signature is checked on the raw body before anything else; see _payments/webhook.ts.
import { readBodyText } from "../_shared/body.ts";
import type { WebhookAck } from "../_contract/index.ts";
import type { Sql } from "../_shared/db.ts";
import { HttpError, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import type { Logger } from "../_shared/log.ts";
import type { PaymentProvider } from "../_payments/provider.ts";
import { processWebhook } from "../_payments/webhook.ts";

const MAX_BODY_BYTES = 512 * 1024;

export function createStripeWebhookHandler(deps: { sql: Sql; provider: PaymentProvider; logger?: Logger }) {
  return createFunction("stripe-webhook", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    // The limit is enforced while reading (anyone can post here): a huge body is never buffered.
    const raw = await readBodyText(req, MAX_BODY_BYTES);
    const result = await processWebhook(deps.sql, deps.provider, raw, req.headers);
    if (result.status === "invalid_signature") {
      log.warn("webhook signature refused", { reason: result.message });
      throw new HttpError(400, "invalid_signature", "The webhook signature is missing, invalid or too old");
    }
    if (result.status === "provider_unavailable") {
      // Verified, but what the payload leaves out could not be fetched: nothing written; Stripe delivers it again.
      log.warn("webhook event needs the provider, which failed", { error: result.error.message });
      throw new HttpError(
        503,
        "payment_provider_unavailable",
        "The payment provider is unavailable; deliver it again",
        {
          headers: { "Retry-After": "30" },
        },
      );
    }
    log.info("webhook event", { event_id: result.event.id, type: result.event.type, result: result.status });
    if (result.status === "unattributed") {
      throw new HttpError(503, "retry_later", "The event's booking is not linked yet; deliver it again", {
        headers: { "Retry-After": "30" },
      });
    }
    return jsonResponse({ received: true, result: result.status } satisfies WebhookAck);
  }, { logger: deps.logger });
}
