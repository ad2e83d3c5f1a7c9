// What Stripe sends, in Stripe's order, for what happens to a booking's payment.
import * as o from "./objects.ts";

type Obj = Record<string, unknown>;
export interface PaidBooking {
  bookingId: string;
  amount: number;
  currency: string;
  sessionId: string;
  paymentIntentId: string;
  chargeId: string;
}

let clock = o.now();
/** Strictly increasing `created` seconds, so "in order" is well defined even within one second. */
export const tick = () => ++clock;

export function checkoutPaid(
  bookingId: string,
  amount: number,
  currency: string,
  sessionId = o.stripeId("cs_test"),
) {
  const paymentIntentId = o.stripeId("pi");
  const chargeId = o.stripeId("ch");
  const pb: PaidBooking = { bookingId, amount, currency, sessionId, paymentIntentId, chargeId };
  const events = [
    o.event(
      "payment_intent.succeeded",
      o.paymentIntent({
        id: paymentIntentId,
        bookingId,
        amount,
        currency,
        status: "succeeded",
        latestCharge: chargeId,
      }),
      { created: tick() },
    ),
    o.event(
      "charge.succeeded",
      o.charge({ id: chargeId, amount, currency, paymentIntent: paymentIntentId }),
      { created: tick() },
    ),
    o.event(
      "checkout.session.completed",
      o.checkoutSession({
        id: sessionId,
        bookingId,
        amount,
        currency,
        status: "complete",
        paymentStatus: "paid",
        paymentIntent: paymentIntentId,
      }),
      { created: tick() },
    ),
  ];
  return { paid: pb, events };
}

export function refunded(pb: PaidBooking, amount: number, previous: Obj[] = []) {
  const r = o.refund({
    amount,
    currency: pb.currency,
    paymentIntent: pb.paymentIntentId,
    charge: pb.chargeId,
  });
  const all = [...previous, r];
  return {
    refund: r,
    events: [
      o.event(
        "charge.refunded",
        o.charge({
          id: pb.chargeId,
          amount: pb.amount,
          currency: pb.currency,
          paymentIntent: pb.paymentIntentId,
          refunds: all,
        }),
        { created: tick() },
      ),
      o.event("refund.created", r, { created: tick() }),
    ],
  };
}

export function disputed(pb: PaidBooking, outcome: "won" | "lost") {
  const id = o.stripeId("dp");
  const base = {
    id,
    amount: pb.amount,
    currency: pb.currency,
    paymentIntent: pb.paymentIntentId,
    charge: pb.chargeId,
  };
  return [
    o.event("charge.dispute.created", o.dispute(base), { created: tick() }),
    o.event("charge.dispute.closed", o.dispute({ ...base, status: outcome }), { created: tick() }),
  ];
}

export function checkoutExpired(
  bookingId: string,
  amount: number,
  currency: string,
  sessionId = o.stripeId("cs_test"),
) {
  return [
    o.event(
      "checkout.session.expired",
      o.checkoutSession({ id: sessionId, bookingId, amount, currency, status: "expired", url: null }),
      { created: tick() },
    ),
  ];
}

export function asyncFailed(
  bookingId: string,
  amount: number,
  currency: string,
  sessionId = o.stripeId("cs_test"),
) {
  return [
    o.event(
      "checkout.session.async_payment_failed",
      o.checkoutSession({
        id: sessionId,
        bookingId,
        amount,
        currency,
        status: "complete",
        paymentStatus: "unpaid",
      }),
      { created: tick() },
    ),
  ];
}

export function intentFailedThenCanceled(bookingId: string, amount: number, currency: string) {
  const id = o.stripeId("pi");
  return [
    o.event(
      "payment_intent.payment_failed",
      o.paymentIntent({ id, bookingId, amount, currency, lastError: "Your card was declined." }),
      { created: tick() },
    ),
    o.event(
      "payment_intent.canceled",
      o.paymentIntent({
        id,
        bookingId,
        amount,
        currency,
        status: "canceled",
        cancellationReason: "requested_by_customer",
      }),
      { created: tick() },
    ),
  ];
}
