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

export interface NeutralEvent {
  /** The provider's event id: processed at most once. */
  id: string;
  /** The provider's event type, kept for the record. */
  type: string;
  /** When the provider created the event, epoch seconds: orders outcomes. */
  created: number;
  refs: { booking_id?: string; payment_intent?: string; checkout_session?: string };
  /** Empty: nothing for us (unknown type, or an object that is not a booking's); recorded as ignored. */
  effects: NeutralEffect[];
}

export interface PaymentProvider {
  readonly name: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Ends an unpaid attempt (expires the checkout / cancels the intent). */
  cancelPayment(
    input: { checkoutSessionId?: string; paymentIntentId?: string; idempotencyKey: string },
  ): Promise<void>;
  refund(input: RefundInput): Promise<CreatedRefund>;
  /** Verifies the signature on the raw body and parses it; throws WebhookSignatureError when invalid. */
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
