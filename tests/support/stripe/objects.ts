// Realistic Stripe objects and events (API version pinned to the SDK's, as our webhook endpoint is), built
// the way Stripe shapes them. Used by the Stripe API double, the webhook tests, the fixtures and the
// benchmark. Ids look like Stripe's (prefix + 24 random characters).
import { randomBytes } from "node:crypto";
import { STRIPE_API_VERSION } from "../../../edge-functions/_payments/stripe/events.ts";

export { STRIPE_API_VERSION };

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${s}`;
}

export const now = () => Math.floor(Date.now() / 1000);
type Obj = Record<string, unknown>;

export function checkoutSession(p: {
  id?: string;
  bookingId: string;
  amount: number;
  currency: string;
  status?: "open" | "complete" | "expired";
  paymentStatus?: "paid" | "unpaid";
  paymentIntent?: string | null;
  created?: number;
  url?: string | null;
  customerEmail?: string | null;
}): Obj {
  const created = p.created ?? now();
  const id = p.id ?? stripeId("cs_test");
  return {
    id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: p.amount,
    amount_total: p.amount,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: "http://127.0.0.1:3000/bookings/cancelled",
    client_reference_id: p.bookingId,
    created,
    currency: p.currency.toLowerCase(),
    customer: null,
    customer_creation: "if_required",
    customer_details: p.status === "complete"
      ? { email: p.customerEmail ?? "ada@tripmaster.test", name: null, phone: null, tax_exempt: "none" }
      : null,
    customer_email: p.customerEmail ?? null,
    expires_at: created + 30 * 60,
    livemode: false,
    locale: null,
    metadata: { booking_id: p.bookingId },
    mode: "payment",
    payment_intent: p.paymentIntent ?? null,
    payment_method_types: ["card"],
    payment_status: p.paymentStatus ?? "unpaid",
    status: p.status ?? "open",
    success_url: "http://127.0.0.1:3000/bookings/paid",
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: p.url === undefined ? `https://checkout.stripe.com/c/pay/${id}` : p.url,
  };
}

export function paymentIntent(p: {
  id?: string;
  bookingId?: string;
  amount: number;
  currency: string;
  status?: string;
  amountReceived?: number;
  latestCharge?: string | null;
  lastError?: string | null;
  cancellationReason?: string | null;
  created?: number;
}): Obj {
  const id = p.id ?? stripeId("pi");
  return {
    id,
    object: "payment_intent",
    amount: p.amount,
    amount_capturable: 0,
    amount_received: p.amountReceived ?? (p.status === "succeeded" ? p.amount : 0),
    automatic_payment_methods: { enabled: true },
    canceled_at: p.status === "canceled" ? now() : null,
    cancellation_reason: p.cancellationReason ?? null,
    capture_method: "automatic_async",
    client_secret: `${id}_secret_${stripeId("x").slice(2)}`,
    confirmation_method: "automatic",
    created: p.created ?? now(),
    currency: p.currency.toLowerCase(),
    customer: null,
    description: null,
    last_payment_error: p.lastError
      ? { code: "card_declined", decline_code: "generic_decline", message: p.lastError, type: "card_error" }
      : null,
    latest_charge: p.latestCharge ?? null,
    livemode: false,
    metadata: p.bookingId ? { booking_id: p.bookingId } : {},
    payment_method: p.status === "succeeded" ? stripeId("pm") : null,
    payment_method_types: ["card"],
    status: p.status ?? "requires_payment_method",
  };
}

export function refund(p: {
  id?: string;
  amount: number;
  currency: string;
  paymentIntent: string;
  charge: string;
  bookingId?: string;
  status?: string;
  created?: number;
}): Obj {
  return {
    id: p.id ?? stripeId("re"),
    object: "refund",
    amount: p.amount,
    balance_transaction: stripeId("txn"),
    charge: p.charge,
    created: p.created ?? now(),
    currency: p.currency.toLowerCase(),
    destination_details: {
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
      type: "card",
    },
    metadata: p.bookingId ? { booking_id: p.bookingId } : {},
    payment_intent: p.paymentIntent,
    reason: null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: p.status ?? "succeeded",
    transfer_reversal: null,
  };
}

export function charge(p: {
  id?: string;
  amount: number;
  currency: string;
  paymentIntent: string;
  refunds?: Obj[];
  created?: number;
}): Obj {
  const refunded = (p.refunds ?? []).reduce((s, r) => s + Number(r.amount), 0);
  const id = p.id ?? stripeId("ch");
  return {
    id,
    object: "charge",
    amount: p.amount,
    amount_captured: p.amount,
    amount_refunded: refunded,
    balance_transaction: stripeId("txn"),
    captured: true,
    created: p.created ?? now(),
    currency: p.currency.toLowerCase(),
    disputed: false,
    livemode: false,
    metadata: {},
    outcome: {
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      seller_message: "Payment complete.",
      type: "authorized",
    },
    paid: true,
    payment_intent: p.paymentIntent,
    payment_method_details: {
      card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 },
      type: "card",
    },
    refunded: refunded >= p.amount,
    refunds: {
      object: "list",
      data: p.refunds ?? [],
      has_more: false,
      total_count: (p.refunds ?? []).length,
      url: `/v1/charges/${id}/refunds`,
    },
    status: "succeeded",
  };
}

export function dispute(p: {
  id?: string;
  amount: number;
  currency: string;
  paymentIntent: string;
  charge: string;
  status?: "needs_response" | "won" | "lost" | "warning_closed";
  created?: number;
}): Obj {
  return {
    id: p.id ?? stripeId("dp"),
    object: "dispute",
    amount: p.amount,
    balance_transactions: [],
    charge: p.charge,
    created: p.created ?? now(),
    currency: p.currency.toLowerCase(),
    evidence_details: {
      due_by: now() + 7 * 86400,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: p.paymentIntent,
    reason: "fraudulent",
    status: p.status ?? "needs_response",
  };
}

export function event(type: string, object: Obj, options: { id?: string; created?: number } = {}): Obj {
  return {
    id: options.id ?? stripeId("evt"),
    object: "event",
    api_version: STRIPE_API_VERSION,
    created: options.created ?? now(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: stripeId("req"), idempotency_key: null },
    type,
  };
}

// --- subscriptions (Billing) ------------------------------------------------------------------------------

export const PRO_LOOKUP_KEYS = { month: "tripmaster_pro_monthly", year: "tripmaster_pro_yearly" } as const;

export function price(
  p: { id?: string; lookupKey: string; interval: "month" | "year"; amount: number; currency?: string },
): Obj {
  return {
    id: p.id ?? stripeId("price"),
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: now(),
    currency: (p.currency ?? "eur").toLowerCase(),
    livemode: false,
    lookup_key: p.lookupKey,
    metadata: {},
    nickname: null,
    product: "prod_TripMasterPro0000000000",
    recurring: { interval: p.interval, interval_count: 1, meter: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    type: "recurring",
    unit_amount: p.amount,
  };
}

export function customer(p: { id?: string; email?: string | null; userId?: string }): Obj {
  return {
    id: p.id ?? stripeId("cus"),
    object: "customer",
    created: now(),
    email: p.email ?? null,
    livemode: false,
    metadata: p.userId ? { user_id: p.userId } : {},
  };
}

export function subscription(p: {
  id?: string;
  customer: string;
  price: Obj;
  status: string;
  userId?: string;
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number | null;
  endedAt?: number | null;
}): Obj {
  const start = p.periodStart ?? now();
  const interval = (p.price.recurring as Obj).interval as string;
  const end = p.periodEnd ?? start + (interval === "year" ? 365 : 30) * 86400;
  const id = p.id ?? stripeId("sub");
  return {
    id,
    object: "subscription",
    billing_cycle_anchor: start,
    cancel_at: p.cancelAtPeriodEnd ? end : null,
    cancel_at_period_end: p.cancelAtPeriodEnd ?? false,
    canceled_at: p.canceledAt ?? null,
    collection_method: "charge_automatically",
    created: start,
    currency: p.price.currency,
    customer: p.customer,
    ended_at: p.endedAt ?? null,
    items: {
      object: "list",
      data: [{
        id: stripeId("si"),
        object: "subscription_item",
        current_period_end: end,
        current_period_start: start,
        price: p.price,
        quantity: 1,
        subscription: id,
      }],
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: p.userId ? { user_id: p.userId } : {},
    start_date: start,
    status: p.status,
  };
}

export function invoice(p: {
  id?: string;
  customer: string;
  subscription: string;
  amount: number;
  currency: string;
  paid: boolean;
  billingReason: "subscription_create" | "subscription_cycle";
  periodStart: number;
  periodEnd: number;
  paymentIntent?: string;
  nextAttempt?: number | null;
}): Obj {
  const id = p.id ?? stripeId("in");
  return {
    id,
    object: "invoice",
    amount_due: p.amount,
    amount_paid: p.paid ? p.amount : 0,
    amount_remaining: p.paid ? 0 : p.amount,
    attempt_count: 1,
    billing_reason: p.billingReason,
    collection_method: "charge_automatically",
    created: now(),
    currency: p.currency.toLowerCase(),
    customer: p.customer,
    lines: {
      object: "list",
      data: [{
        id: stripeId("il"),
        object: "line_item",
        amount: p.amount,
        period: { start: p.periodStart, end: p.periodEnd },
      }],
      has_more: false,
    },
    livemode: false,
    next_payment_attempt: p.paid ? null : (p.nextAttempt ?? now() + 3 * 86400),
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: {}, subscription: p.subscription },
    },
    // As `GET /v1/invoices/<id>?expand[]=payments` shows it; webhook payloads leave it out (webhookInvoice).
    payments: {
      object: "list",
      data: p.paymentIntent
        ? [invoicePayment({
          invoice: id,
          amount: p.amount,
          currency: p.currency,
          paid: p.paid,
          paymentIntent: p.paymentIntent,
        })]
        : [],
      has_more: false,
      url: `/v1/invoice_payments?invoice=${id}`,
    },
    status: p.paid ? "paid" : "open",
    status_transitions: { paid_at: p.paid ? now() : null, finalized_at: now() },
  };
}

/** An InvoicePayment: how one payment (here a PaymentIntent) pays an invoice. */
export function invoicePayment(p: {
  invoice: string;
  amount: number;
  currency: string;
  paid: boolean;
  paymentIntent: string;
}): Obj {
  return {
    id: stripeId("inpay"),
    object: "invoice_payment",
    amount_paid: p.paid ? p.amount : null,
    amount_requested: p.amount,
    created: now(),
    currency: p.currency.toLowerCase(),
    invoice: p.invoice,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: p.paymentIntent },
    status: p.paid ? "paid" : "open",
    status_transitions: { canceled_at: null, paid_at: p.paid ? now() : null },
  };
}

/** The invoice as a webhook carries it: since API 2025-03-31.basil `payments` is includable only, and
 * webhook payloads never include it (nor the removed `payment_intent` / `charge`). */
export function webhookInvoice(invoice: Obj): Obj {
  const copy = { ...invoice };
  delete copy.payments;
  return copy;
}
