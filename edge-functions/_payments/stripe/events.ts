// Stripe events -> provider-neutral events. Pure: the verified event in, what it means for a booking out.
// Attribution: our objects carry metadata.booking_id (Checkout Session, PaymentIntent, our refunds);
// charges, refunds and disputes are linked through their payment intent.
import type Stripe from "stripe";
import type { NeutralEffect, NeutralEvent, SubscriptionEffect, SubscriptionStatus } from "../provider.ts";

/** The API version every request and every webhook endpoint of this project is pinned to. */
export const STRIPE_API_VERSION = "2026-10-28.endive";

type Ref = string | { id: string } | null | undefined;
const idOf = (ref: Ref): string | undefined => (typeof ref === "string" ? ref : ref?.id ?? undefined);
const bookingOf = (metadata: Stripe.Metadata | null | undefined) => metadata?.booking_id || undefined;
const upper = (c: string) => c.toUpperCase();

export function toNeutralEvent(event: Stripe.Event): NeutralEvent {
  const base = { id: event.id, type: event.type, created: event.created };
  const none = (refs: NeutralEvent["refs"] = {}): NeutralEvent => ({ ...base, refs, effects: [] });

  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const s = event.data.object as Stripe.Checkout.Session;
      if (s.mode !== "payment") return none();
      const refs = {
        booking_id: bookingOf(s.metadata) ?? s.client_reference_id ?? undefined,
        checkout_session: s.id,
        payment_intent: idOf(s.payment_intent),
      };
      let effects: NeutralEffect[] = [];
      if (event.type === "checkout.session.expired") {
        effects = [{ kind: "attempt_ended", outcome: "expired" }];
      } else if (event.type === "checkout.session.async_payment_failed") {
        effects = [{ kind: "payment_failed", terminal: true, reason: "The bank transfer or debit failed." }];
      } else if (s.payment_status === "paid" && refs.payment_intent && s.amount_total) {
        effects = [{
          kind: "payment_succeeded",
          ref: refs.payment_intent,
          amount: s.amount_total,
          currency: upper(s.currency!),
        }];
      } else {
        effects = [{ kind: "link" }]; // completed, payment still processing (async methods)
      }
      return { ...base, refs, effects };
    }
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.canceled": {
      const pi = event.data.object as Stripe.PaymentIntent;
      const refs = { booking_id: bookingOf(pi.metadata), payment_intent: pi.id };
      if (!refs.booking_id) return none(); // not a booking's (e.g. a subscription's invoice)
      if (event.type === "payment_intent.succeeded") {
        return {
          ...base,
          refs,
          effects: [{
            kind: "payment_succeeded",
            ref: pi.id,
            amount: pi.amount_received,
            currency: upper(pi.currency),
          }],
        };
      }
      if (event.type === "payment_intent.payment_failed") {
        // The intent goes back to requires_payment_method: the customer may try another card.
        const reason = pi.last_payment_error?.message ?? "The payment was declined.";
        return { ...base, refs, effects: [{ kind: "payment_failed", terminal: false, reason }] };
      }
      const outcome = pi.cancellation_reason === "abandoned" || pi.cancellation_reason === "automatic"
        ? "expired"
        : "cancelled";
      return { ...base, refs, effects: [{ kind: "attempt_ended", outcome }] };
    }
    case "charge.refunded": {
      const ch = event.data.object as Stripe.Charge;
      const pi = idOf(ch.payment_intent);
      if (!pi) return none();
      // A refund implies the charge: recording it here makes a refund delivered before the payment's own
      // event end in the same state.
      const effects: NeutralEffect[] = [{
        kind: "payment_succeeded",
        ref: pi,
        amount: ch.amount_captured,
        currency: upper(ch.currency),
        occurred_at: ch.created,
      }];
      for (const r of ch.refunds?.data ?? []) {
        if (r.status === "succeeded") {
          effects.push({
            kind: "refund",
            ref: r.id,
            amount: r.amount,
            currency: upper(r.currency),
            occurred_at: r.created,
          });
        }
      }
      return { ...base, refs: { booking_id: bookingOf(ch.metadata), payment_intent: pi }, effects };
    }
    case "refund.created":
    case "refund.updated":
    case "charge.refund.updated": {
      const r = event.data.object as Stripe.Refund;
      const pi = idOf(r.payment_intent);
      const refs = { booking_id: bookingOf(r.metadata), payment_intent: pi };
      if (!pi && !refs.booking_id) return none();
      if (r.status !== "succeeded") return { ...base, refs, effects: [] };
      return {
        ...base,
        refs,
        effects: [{
          kind: "refund",
          ref: r.id,
          amount: r.amount,
          currency: upper(r.currency),
          occurred_at: r.created,
        }],
      };
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const d = event.data.object as Stripe.Dispute;
      const pi = idOf(d.payment_intent);
      if (!pi) return none();
      const common = { ref: d.id, amount: d.amount, currency: upper(d.currency), occurred_at: d.created };
      if (event.type === "charge.dispute.created") {
        return { ...base, refs: { payment_intent: pi }, effects: [{ kind: "dispute_opened", ...common }] };
      }
      if (d.status !== "won" && d.status !== "lost") return none({ payment_intent: pi });
      return {
        ...base,
        refs: { payment_intent: pi },
        effects: [{ kind: "dispute_closed", ...common, dispute_outcome: d.status as "won" | "lost" }],
      };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const sub = event.data.object as Stripe.Subscription;
      const item = sub.items?.data?.[0];
      const interval = String(item?.price?.recurring?.interval ?? "");
      const effect: SubscriptionEffect = {
        kind: "subscription_state",
        status: sub.status as SubscriptionStatus,
        interval: interval === "month" || interval === "year" ? interval : undefined,
        lookup_key: item?.price?.lookup_key ?? undefined,
        current_period_end: item?.current_period_end,
        cancel_at_period_end: sub.cancel_at_period_end,
        canceled_at: sub.canceled_at ?? undefined,
        ended_at: sub.ended_at ?? undefined,
      };
      return {
        ...base,
        refs: {
          subscription: sub.id,
          customer: idOf(sub.customer),
          user_id: sub.metadata?.user_id || undefined,
        },
        effects: [effect],
      };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const inv = event.data.object as Stripe.Invoice;
      const subscription = idOf(inv.parent?.subscription_details?.subscription);
      if (!subscription || !inv.id) return none(); // a one-off invoice: not a subscription's
      const refs = { subscription, customer: idOf(inv.customer) };
      if (event.type === "invoice.payment_failed") {
        return {
          ...base,
          refs,
          effects: [{
            kind: "invoice_payment_failed",
            invoice: inv.id,
            amount: inv.amount_due,
            currency: upper(inv.currency),
            next_attempt: inv.next_payment_attempt ?? undefined,
          }],
        };
      }
      // The payment intent is what refunds and disputes name. Webhooks never include `payments` (an
      // includable field since 2025-03-31.basil): the adapter fetches them first (invoicePaymentsToFetch).
      const pi = paidPaymentIntent(inv);
      return {
        ...base,
        refs: { ...refs, payment_intent: pi },
        effects: [{
          kind: "invoice_paid",
          ref: pi ?? inv.id,
          invoice: inv.id,
          amount: inv.amount_paid,
          currency: upper(inv.currency),
          billing_reason: inv.billing_reason ?? "manual",
          period_end: inv.lines?.data?.[0]?.period?.end,
          occurred_at: inv.status_transitions?.paid_at ?? undefined,
        }],
      };
    }
    default:
      // customer.deleted among others: nothing to do (the purge already removed the user's data).
      return none();
  }
}

/** The payment intent of an invoice's paid payment, when its `payments` list is there and names one. */
function paidPaymentIntent(inv: Stripe.Invoice): string | undefined {
  const payments = inv.payments?.data ?? [];
  const paid = payments.find((p) => p.status === "paid" && idOf(p.payment?.payment_intent));
  return idOf(paid?.payment?.payment_intent);
}

/**
 * The invoice whose payments must be fetched before this event can be mapped: an `invoice.paid` of a
 * subscription, with money paid, whose payload names no paid payment intent. Stripe leaves `payments` out of
 * webhook payloads (it is includable only), so without the fetch the charge would be recorded under the
 * invoice id and its refunds and disputes (which name the payment intent) would never find it.
 */
export function invoicePaymentsToFetch(event: Stripe.Event): string | undefined {
  if (event.type !== "invoice.paid") return undefined;
  const inv = event.data.object as Stripe.Invoice;
  if (!inv.id || !idOf(inv.parent?.subscription_details?.subscription)) return undefined;
  if (!(inv.amount_paid > 0) || paidPaymentIntent(inv)) return undefined;
  return inv.id;
}

/** The event with the invoice's payments put where an expanded invoice has them (the event is not changed). */
export function withInvoicePayments(event: Stripe.Event, data: Stripe.InvoicePayment[]): Stripe.Event {
  const inv = event.data.object as Stripe.Invoice;
  const payments: Stripe.ApiList<Stripe.InvoicePayment> = {
    object: "list",
    data,
    has_more: false,
    url: "/v1/invoice_payments",
  };
  const object: Stripe.Invoice = { ...inv, payments };
  return { ...event, data: { ...event.data, object } } as unknown as Stripe.Event;
}
