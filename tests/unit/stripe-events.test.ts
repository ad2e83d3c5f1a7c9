// Stripe webhook fixtures (one per handled type, API version pinned) through the Stripe adapter: verified
// with the SDK (signed by its own test helper) and mapped to provider-neutral events.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import { STRIPE_API_VERSION, toNeutralEvent } from "../../edge-functions/_payments/stripe/events.ts";
import { WebhookSignatureError } from "../../edge-functions/_payments/provider.ts";
import { ROOT } from "../support/env.ts";
import { signedHeader } from "../support/stripe/sign.ts";

const SECRET = "whsec_unit_0123456789abcdefghijklmnop";
const provider = new StripePaymentProvider(
  createStripeClient({ secretKey: "sk_test_unit", apiBase: "http://127.0.0.1:9" }),
  [SECRET],
);
const dir = path.join(ROOT, "tests/fixtures/stripe");
const fixture = (type: string) => readFileSync(path.join(dir, `${type}.json`), "utf8");
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
  "invoice.payment_failed": {
    refs: SUB_REFS,
    effects: [{ kind: "invoice_payment_failed", amount: 900, currency: "EUR" }],
  },
  // Sent after the purge worker deletes a customer: nothing left to do.
  "customer.deleted": { refs: {}, effects: [] },
};

describe("Stripe fixtures", () => {
  it("cover every handled type, all on the pinned API version", () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.json$/, "")).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    for (const f of files) expect(JSON.parse(fixture(f)).api_version).toBe(STRIPE_API_VERSION);
  });

  it.each(Object.keys(expected))("%s: verified and mapped to the neutral event", async (type) => {
    const payload = fixture(type);
    const headers = new Headers({ "stripe-signature": await signedHeader(payload, SECRET) });
    const event = await provider.parseWebhook(payload, headers);
    expect(event.type).toBe(type);
    expect(event.refs).toMatchObject(expected[type].refs);
    expect(event.effects).toHaveLength(expected[type].effects.length);
    expected[type].effects.forEach((e, i) => expect(event.effects[i]).toMatchObject(e));
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
