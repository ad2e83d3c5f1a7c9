// The Stripe implementation of PaymentProvider: Checkout Sessions or PaymentIntents, expiry/cancel,
// refunds, and webhook verification (constructEventAsync on the raw body, SubtleCrypto, 300 s tolerance,
// several secrets while one is rotated), completed by what Stripe leaves out of the payload (an invoice's
// payments).
import Stripe from "stripe";
import {
  type CreatedPayment,
  type CreatedRefund,
  type CreatePaymentInput,
  type NeutralEvent,
  type PaymentProvider,
  PaymentProviderError,
  type RefundInput,
  type SubscriptionCheckoutInput,
  WebhookSignatureError,
} from "../provider.ts";
import { subtleCrypto } from "./client.ts";
import { invoicePaymentsToFetch, toNeutralEvent, withInvoicePayments } from "./events.ts";

export const WEBHOOK_TOLERANCE_SECONDS = 300;

function providerError(err: unknown, action: string): PaymentProviderError {
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode ?? 0;
    const retryable = err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeRateLimitError || status === 429 || status >= 500 ||
      err instanceof Stripe.errors.StripeAPIError;
    return new PaymentProviderError(
      `Stripe ${action} failed: ${err.message}`,
      retryable,
      err.code ?? err.type,
      {
        cause: err,
      },
    );
  }
  return new PaymentProviderError(`Stripe ${action} failed`, true, undefined, { cause: err });
}

export class StripePaymentProvider implements PaymentProvider {
  readonly name = "stripe";
  constructor(private readonly stripe: Stripe, private readonly webhookSecrets: string[]) {}

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const metadata = { booking_id: input.bookingId };
    const currency = input.currency.toLowerCase();
    try {
      if (input.mode === "payment_intent") {
        const pi = await this.stripe.paymentIntents.create({
          amount: input.amountMinor,
          currency,
          description: input.description,
          metadata,
          receipt_email: input.customerEmail,
          automatic_payment_methods: { enabled: true },
        }, { idempotencyKey: input.idempotencyKey });
        return {
          mode: "payment_intent",
          paymentIntentId: pi.id,
          clientSecret: pi.client_secret ?? undefined,
        };
      }
      const session = await this.stripe.checkout.sessions.create({
        mode: "payment",
        client_reference_id: input.bookingId,
        customer_email: input.customerEmail,
        line_items: [{
          quantity: 1,
          price_data: { currency, unit_amount: input.amountMinor, product_data: { name: input.description } },
        }],
        metadata,
        payment_intent_data: { metadata, description: input.description },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      }, { idempotencyKey: input.idempotencyKey });
      return {
        mode: "checkout",
        checkoutSessionId: session.id,
        checkoutUrl: session.url ?? undefined,
        paymentIntentId: typeof session.payment_intent === "string" ? session.payment_intent : undefined,
        expiresAt: new Date(session.expires_at * 1000),
      };
    } catch (err) {
      throw providerError(err, "create payment");
    }
  }

  async cancelPayment(
    input: { checkoutSessionId?: string; paymentIntentId?: string; idempotencyKey: string },
  ): Promise<void> {
    try {
      if (input.checkoutSessionId) {
        await this.stripe.checkout.sessions.expire(input.checkoutSessionId, {}, {
          idempotencyKey: input.idempotencyKey,
        });
      } else if (input.paymentIntentId) {
        await this.stripe.paymentIntents.cancel(input.paymentIntentId, {
          cancellation_reason: "requested_by_customer",
        }, {
          idempotencyKey: input.idempotencyKey,
        });
      }
    } catch (err) {
      throw providerError(err, "cancel payment");
    }
  }

  async refund(input: RefundInput): Promise<CreatedRefund> {
    try {
      const r = await this.stripe.refunds.create({
        payment_intent: input.paymentIntentId,
        amount: input.amountMinor,
        metadata: { booking_id: input.bookingId },
      }, { idempotencyKey: input.idempotencyKey });
      return {
        refundId: r.id,
        amountMinor: r.amount,
        status: (r.status ?? "pending") as CreatedRefund["status"],
      };
    } catch (err) {
      throw providerError(err, "refund");
    }
  }

  async createCustomer(
    input: { userId: string; email?: string; idempotencyKey: string },
  ): Promise<{ customerId: string }> {
    try {
      const c = await this.stripe.customers.create({
        email: input.email,
        metadata: { user_id: input.userId },
      }, { idempotencyKey: input.idempotencyKey });
      return { customerId: c.id };
    } catch (err) {
      throw providerError(err, "create customer");
    }
  }

  async priceByLookupKey(lookupKey: string): Promise<{ priceId: string; interval?: string }> {
    let list;
    try {
      list = await this.stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
    } catch (err) {
      throw providerError(err, "look up price");
    }
    const price = list.data[0];
    if (!price) {
      throw new PaymentProviderError(
        `no active Stripe price with lookup key ${lookupKey}`,
        false,
        "price_missing",
      );
    }
    return { priceId: price.id, interval: price.recurring?.interval };
  }

  async createSubscriptionCheckout(
    input: SubscriptionCheckoutInput,
  ): Promise<{ checkoutUrl: string; checkoutSessionId: string }> {
    const metadata = { user_id: input.userId };
    try {
      const session = await this.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: input.customerId,
        client_reference_id: input.userId,
        line_items: [{ price: input.priceId, quantity: 1 }],
        metadata,
        subscription_data: { metadata },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      }, input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined);
      return { checkoutUrl: session.url ?? "", checkoutSessionId: session.id };
    } catch (err) {
      throw providerError(err, "create subscription checkout");
    }
  }

  async createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }> {
    try {
      const portal = await this.stripe.billingPortal.sessions.create({
        customer: input.customerId,
        return_url: input.returnUrl,
      });
      return { url: portal.url };
    } catch (err) {
      throw providerError(err, "create portal session");
    }
  }

  async deleteCustomer(input: { customerId: string }): Promise<void> {
    try {
      await this.stripe.customers.del(input.customerId);
    } catch (err) {
      // Already deleted (an earlier attempt whose answer was lost): the goal is reached.
      if (
        err instanceof Stripe.errors.StripeError && err.statusCode === 404 && err.code === "resource_missing"
      ) {
        return;
      }
      throw providerError(err, "delete customer");
    }
  }

  async parseWebhook(rawBody: string, headers: Headers): Promise<NeutralEvent> {
    const event = await this.verifyWebhook(rawBody, headers);
    // Only after the signature holds: what the payload leaves out is asked from Stripe (outside any
    // database transaction). A failure throws PaymentProviderError: the webhook answers 503, Stripe redelivers.
    const invoice = invoicePaymentsToFetch(event);
    if (!invoice) return toNeutralEvent(event);
    return toNeutralEvent(withInvoicePayments(event, await this.paidInvoicePayments(invoice)));
  }

  /** The invoice's paid payments (GET /v1/invoice_payments): each names its payment intent. */
  private async paidInvoicePayments(invoice: string): Promise<Stripe.InvoicePayment[]> {
    try {
      const list = await this.stripe.invoicePayments.list({ invoice, status: "paid", limit: 10 });
      return list.data;
    } catch (err) {
      throw providerError(err, "list invoice payments");
    }
  }

  private async verifyWebhook(rawBody: string, headers: Headers): Promise<Stripe.Event> {
    const signature = headers.get("stripe-signature");
    if (!signature) throw new WebhookSignatureError("missing Stripe-Signature header");
    let lastError: unknown;
    for (const secret of this.webhookSecrets) {
      try {
        return await this.stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          secret,
          WEBHOOK_TOLERANCE_SECONDS,
          subtleCrypto,
        );
      } catch (err) {
        lastError = err;
      }
    }
    throw new WebhookSignatureError(
      lastError instanceof Error ? lastError.message : "invalid signature",
    );
  }
}
