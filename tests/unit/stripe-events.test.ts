// Stripe webhook fixtures (one per handled type, API version pinned; `<type>.without-payments` as Stripe
// really sends invoices) through the Stripe adapter: verified with the SDK (signed by its own test helper),
// completed from the Stripe double where the payload leaves something out, mapped to provider-neutral events.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import {
  invoicePaymentsToFetch,
  STRIPE_API_VERSION,
  toNeutralEvent,
} from "../../edge-functions/_payments/stripe/events.ts";
import { PaymentProviderError, WebhookSignatureError } from "../../edge-functions/_payments/provider.ts";
import { ROOT } from "../support/env.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import * as o from "../support/stripe/objects.ts";
import { signedHeader } from "../support/stripe/sign.ts";

const SECRET = "whsec_unit_0123456789abcdefghijklmnop";
const unreachable = new StripePaymentProvider(
  createStripeClient({ secretKey: "sk_test_unit", apiBase: "http://127.0.0.1:9", maxNetworkRetries: 0 }),
  [SECRET],
);
const dir = path.join(ROOT, "tests/fixtures/stripe");
const fixture = (name: string) => readFileSync(path.join(dir, `${name}.json`), "utf8");
const typeOf = (name: string) => name.replace(/\.without-payments$/, "");
const INVOICE = "in_1QxTmLJ2eZvKYlo2fixture0";
// The payment intent the double lists for the fixtures' invoice (the payments-less payloads do not name it).
const LISTED_PI = "pi_3QxTmLJ2eZvKYlo2listed01";
let double: StripeDouble;
let provider: StripePaymentProvider;
const invoicePaymentCalls = () =>
  double.requests.filter((r) => r.method === "GET" && r.path === "/v1/invoice_payments");

beforeAll(async () => {
  double = await startStripeDouble();
  const inv = JSON.parse(fixture("invoice.paid")).data.object;
  double.invoices.set(INVOICE, inv);
  // An earlier payment attempt that stayed open, then the one that paid.
  for (const paid of [false, true]) {
    const p = o.invoicePayment({
      invoice: INVOICE,
      amount: 900,
      currency: "eur",
      paid,
      paymentIntent: paid ? LISTED_PI : "pi_3QxTmLJ2eZvKYlo2notpaid1",
    });
    double.invoicePayments.set(p.id as string, p);
  }
  provider = new StripePaymentProvider(
    createStripeClient({ secretKey: "sk_test_unit", apiBase: double.url, maxNetworkRetries: 0 }),
    [SECRET],
  );
});
afterAll(() => double.close());
const BOOKING = "5b0c2f3e-8d1a-4c6e-9f2a-7e4b1d9c0a11";
const PI = "pi_3QxTmLJ2eZvKYlo21a2b3c4d";
const SUB = "sub_1QxTmLJ2eZvKYlo2fixture0";
const CUS = "cus_QxTmLJ2eZvKYlo2fixture01";
const SUB_REFS = { subscription: SUB, customer: CUS };
const PERIOD_END = 1795996800 + 30 * 86400;

const expected: Record<string, { refs: object; effects: object[] }> = {
  "checkout.session.completed": {
    refs: { booking_id: BOOKING, payment_intent: PI },
    effects: [{ kind: "payment_succeeded", ref: PI, amount: 9000, currency: "EUR" }],
  },
  "checkout.session.async_payment_succeeded": {
    refs: { booking_id: BOOKING },
    effects: [{ kind: "payment_succeeded", ref: PI, amount: 9000 }],
  },
  "checkout.session.async_payment_failed": {
    refs: { booking_id: BOOKING },
    effects: [{ kind: "payment_failed", terminal: true }],
  },
  "checkout.session.expired": {
    refs: { booking_id: BOOKING },
    effects: [{ kind: "attempt_ended", outcome: "expired" }],
  },
  "payment_intent.succeeded": {
    refs: { booking_id: BOOKING, payment_intent: PI },
    effects: [{ kind: "payment_succeeded", ref: PI, amount: 9000 }],
  },
  "payment_intent.payment_failed": {
    refs: { booking_id: BOOKING },
    effects: [{ kind: "payment_failed", terminal: false, reason: "Your card was declined." }],
  },
  "payment_intent.canceled": {
    refs: { booking_id: BOOKING },
    effects: [{ kind: "attempt_ended", outcome: "cancelled" }],
  },
  "charge.refunded": {
    refs: { payment_intent: PI },
    effects: [{ kind: "payment_succeeded", ref: PI, amount: 9000 }, { kind: "refund", amount: 3000 }],
  },
  "refund.created": {
    refs: { payment_intent: PI },
    effects: [{ kind: "refund", amount: 3000, currency: "EUR" }],
  },
  "refund.updated": { refs: { payment_intent: PI }, effects: [{ kind: "refund", amount: 3000 }] },
  "charge.dispute.created": {
    refs: { payment_intent: PI },
    effects: [{ kind: "dispute_opened", amount: 9000 }],
  },
  "charge.dispute.closed": {
    refs: { payment_intent: PI },
    effects: [{ kind: "dispute_closed", amount: 9000, dispute_outcome: "won" }],
  },
  "customer.subscription.created": {
    refs: { ...SUB_REFS, user_id: "5b0c2f3e-8d1a-4c6e-9f2a-7e4b1d9c0a22" },
    effects: [{
      kind: "subscription_state",
      status: "active",
      interval: "month",
      lookup_key: "tripmaster_pro_monthly",
      current_period_end: PERIOD_END,
      cancel_at_period_end: false,
    }],
  },
  "customer.subscription.updated": {
    refs: SUB_REFS,
    effects: [{ kind: "subscription_state", status: "active", cancel_at_period_end: true }],
  },
  "customer.subscription.deleted": {
    refs: SUB_REFS,
    effects: [{ kind: "subscription_state", status: "canceled", ended_at: PERIOD_END }],
  },
  "invoice.paid": {
    refs: { ...SUB_REFS, payment_intent: "pi_3QxTmLJ2eZvKYlo2subscr01" },
    effects: [{
      kind: "invoice_paid",
      ref: "pi_3QxTmLJ2eZvKYlo2subscr01",
      amount: 900,
      currency: "EUR",
      billing_reason: "subscription_cycle",
      period_end: PERIOD_END,
    }],
  },
  // Stripe's own payload (no `payments`): the paid payment's intent is listed from Stripe.
  "invoice.paid.without-payments": {
    refs: { ...SUB_REFS, payment_intent: LISTED_PI },
    effects: [{
      kind: "invoice_paid",
      ref: LISTED_PI,
      invoice: INVOICE,
      amount: 900,
      currency: "EUR",
      billing_reason: "subscription_cycle",
      period_end: PERIOD_END,
    }],
  },
  "invoice.payment_failed": {
    refs: SUB_REFS,
    effects: [{ kind: "invoice_payment_failed", amount: 900, currency: "EUR" }],
  },
  // Needs no payment intent: nothing is fetched.
  "invoice.payment_failed.without-payments": {
    refs: SUB_REFS,
    effects: [{ kind: "invoice_payment_failed", invoice: INVOICE, amount: 900, currency: "EUR" }],
  },
  // Sent after the purge worker deletes a customer: nothing left to do.
  "customer.deleted": { refs: {}, effects: [] },
};

describe("Stripe fixtures", () => {
  it("cover every handled type, all on the pinned API version", () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.json$/, "")).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    for (const f of files) expect(JSON.parse(fixture(f)).api_version).toBe(STRIPE_API_VERSION);
    for (const f of files.filter((f) => f.endsWith(".without-payments"))) {
      expect(JSON.parse(fixture(f)).data.object).not.toHaveProperty("payments");
    }
  });

  it.each(Object.keys(expected))("%s: verified and mapped to the neutral event", async (name) => {
    const payload = fixture(name);
    const headers = new Headers({ "stripe-signature": await signedHeader(payload, SECRET) });
    const calls = invoicePaymentCalls().length;
    const event = await provider.parseWebhook(payload, headers);
    expect(event.type).toBe(typeOf(name));
    expect(event.refs).toMatchObject(expected[name].refs);
    expect(event.effects).toHaveLength(expected[name].effects.length);
    expected[name].effects.forEach((e, i) => expect(event.effects[i]).toMatchObject(e));
    // Stripe is asked only for what the payload lacks: the payments of a paid invoice without them.
    expect(invoicePaymentCalls().length - calls).toBe(name === "invoice.paid.without-payments" ? 1 : 0);
  });

  it("a payments-less invoice.paid lists the invoice's paid payments; Stripe unreachable or failing is a retryable PaymentProviderError", async () => {
    const payload = fixture("invoice.paid.without-payments");
    const headers = new Headers({ "stripe-signature": await signedHeader(payload, SECRET) });
    const before = invoicePaymentCalls().length;
    await provider.parseWebhook(payload, headers);
    const [call] = double.requests.filter((r) => r.path === "/v1/invoice_payments").slice(before);
    expect(call).toMatchObject({ method: "GET", status: 200 });

    const down = await unreachable.parseWebhook(payload, headers).catch((e) => e);
    expect(down).toBeInstanceOf(PaymentProviderError);
    expect(down.retryable).toBe(true);
    double.failNext(1, { status: 500, path: /^\/v1\/invoice_payments$/ });
    const failing = await provider.parseWebhook(payload, headers).catch((e) => e);
    expect(failing).toBeInstanceOf(PaymentProviderError);
    expect(failing.retryable).toBe(true);
  });

  it("fetches nothing for one-off, unpaid or zero-amount invoices, nor when the payload names the payment", () => {
    const paid = JSON.parse(fixture("invoice.paid.without-payments")) as Stripe.Event;
    expect(invoicePaymentsToFetch(paid)).toBe(INVOICE);
    const inv = () => structuredClone(paid) as Stripe.Event & { data: { object: Stripe.Invoice } };
    const oneOff = inv();
    oneOff.data.object.parent = null;
    const trial = inv();
    trial.data.object.amount_paid = 0;
    const failed = inv();
    failed.type = "invoice.payment_failed";
    for (const e of [oneOff, trial, failed, JSON.parse(fixture("invoice.paid"))]) {
      expect(invoicePaymentsToFetch(e)).toBeUndefined();
    }
  });

  it("refuses a missing, stale, foreign or tampered signature", async () => {
    const payload = fixture("payment_intent.succeeded");
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      new Headers(),
      new Headers({ "stripe-signature": await signedHeader(payload, SECRET, now - 301) }),
      new Headers({ "stripe-signature": await signedHeader(payload, "whsec_other_000000000000000") }),
    ];
    for (const h of cases) {
      await expect(provider.parseWebhook(payload, h)).rejects.toBeInstanceOf(WebhookSignatureError);
    }
    const h = new Headers({ "stripe-signature": await signedHeader(payload, SECRET) });
    await expect(provider.parseWebhook(payload.replace("9000", "1"), h)).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  it("ignores objects that are not a booking's and types it does not handle", () => {
    const e = JSON.parse(fixture("payment_intent.succeeded"));
    e.data.object.metadata = {};
    expect(toNeutralEvent(e).effects).toEqual([]);
    e.type = "invoice.paid";
    expect(toNeutralEvent(e).effects).toEqual([]);
    const pending = JSON.parse(fixture("refund.updated"));
    pending.data.object.status = "pending";
    expect(toNeutralEvent(pending).effects).toEqual([]);
  });
});
