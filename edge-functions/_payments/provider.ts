// The payment-provider interface the booking logic talks to. A gateway is an adapter implementing it
// (stripe/ for Stripe): create a payment, cancel it, refund it, and turn a verified webhook into the
// provider-neutral event the database applies (private.apply_payment_event).
import { UpstreamError } from "../_shared/upstream.ts";

export type PaymentMode = "checkout" | "payment_intent";

export interface CreatePaymentInput {
  bookingId: string;
  mode: PaymentMode;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  description: string;
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  /** The provider's idempotency key: derived from the booking, so a retry never creates a second payment. */
  idempotencyKey: string;
}

export interface SubscriptionCheckoutInput {
  userId: string;
  customerId: string;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
  /** Optional: each request opens a new session (the SDK keys its own retries). */
  idempotencyKey?: string;
}

export interface CreatedPayment {
  mode: PaymentMode;
  checkoutSessionId?: string;
  checkoutUrl?: string;
  paymentIntentId?: string;
  clientSecret?: string;
  expiresAt?: Date;
}

export interface RefundInput {
  bookingId: string;
  paymentIntentId: string;
  amountMinor: number;
  idempotencyKey: string;
}

export interface CreatedRefund {
  refundId: string;
  amountMinor: number;
  status: "succeeded" | "pending" | "failed" | "canceled" | "requires_action";
}

/** One effect of an event on a booking's money or attempt. Amounts are positive minor units. */
export type NeutralEffect =
  | { kind: "link" }
  | { kind: "payment_succeeded"; ref: string; amount: number; currency: string; occurred_at?: number }
  | { kind: "payment_failed"; terminal: boolean; reason: string }
  | { kind: "attempt_ended"; outcome: "cancelled" | "expired" | "failed" }
  | { kind: "refund"; ref: string; amount: number; currency: string; occurred_at?: number }
  | { kind: "dispute_opened"; ref: string; amount: number; currency: string; occurred_at?: number }
  | {
    kind: "dispute_closed";
    ref: string;
    amount: number;
    currency: string;
    dispute_outcome: "won" | "lost";
    occurred_at?: number;
  };

/** What a subscription event says (amounts positive minor units, times epoch seconds). */
export type SubscriptionEffect =
  | {
    kind: "subscription_state";
    status: SubscriptionStatus;
    interval?: "month" | "year";
    lookup_key?: string;
    current_period_end?: number;
    cancel_at_period_end: boolean;
    canceled_at?: number;
    ended_at?: number;
  }
  | {
    kind: "invoice_paid";
    /** The payment's provider object (its payment intent, else the invoice): refunds find it by this. */
    ref: string;
    invoice: string;
    amount: number;
    currency: string;
    billing_reason: string;
    period_end?: number;
    occurred_at?: number;
  }
  | {
    kind: "invoice_payment_failed";
    invoice: string;
    amount: number;
    currency: string;
    next_attempt?: number;
  };

export type SubscriptionStatus =
  | "incomplete"
  | "incomplete_expired"
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "paused";

export interface NeutralEvent {
  /** The provider's event id: processed at most once. */
  id: string;
  /** The provider's event type, kept for the record. */
  type: string;
  /** When the provider created the event, epoch seconds: orders outcomes. */
  created: number;
  refs: {
    booking_id?: string;
    payment_intent?: string;
    checkout_session?: string;
    subscription?: string;
    customer?: string;
    user_id?: string;
  };
  /** Empty: nothing for us (unknown type, or an object that is not a booking's); recorded as ignored. */
  effects: (NeutralEffect | SubscriptionEffect)[];
}

export interface PaymentProvider {
  readonly name: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Ends an unpaid attempt (expires the checkout / cancels the intent). */
  cancelPayment(
    input: { checkoutSessionId?: string; paymentIntentId?: string; idempotencyKey: string },
  ): Promise<void>;
  refund(input: RefundInput): Promise<CreatedRefund>;
  /** Creates the user's customer; the key (derived from the user) makes a retry return the same one. */
  createCustomer(
    input: { userId: string; email?: string; idempotencyKey: string },
  ): Promise<{ customerId: string }>;
  /** Resolves configured price lookup keys to the provider's price ids. */
  priceByLookupKey(lookupKey: string): Promise<{ priceId: string; interval?: string }>;
  /** A hosted checkout in subscription mode for one price. */
  createSubscriptionCheckout(
    input: SubscriptionCheckoutInput,
  ): Promise<{ checkoutUrl: string; checkoutSessionId: string }>;
  /** The customer portal (change plan, update the card, cancel). */
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Deletes the customer (cancels its subscriptions). Resolves when gone; already gone counts as gone. */
  deleteCustomer(input: { customerId: string }): Promise<void>;
  /** Verifies the signature on the raw body and parses it; throws WebhookSignatureError when invalid. Once
   * verified, it may ask the provider for what the payload leaves out (Stripe: an invoice's payments); throws
   * PaymentProviderError when that fails. */
  parseWebhook(rawBody: string, headers: Headers): Promise<NeutralEvent>;
}

/** The provider refused or could not be reached. `retryable`: try again later (429, 5xx, timeout). */
export class PaymentProviderError extends UpstreamError {
  override name = "PaymentProviderError";
  constructor(
    message: string,
    retryable: boolean,
    readonly providerCode?: string,
    options: { cause?: unknown } = {},
  ) {
    super("payments", message, { retryable, cause: options.cause });
  }
}

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}
