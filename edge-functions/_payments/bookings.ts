// The booking side of payments, as the functions use it: SQL in private.* (seat holds, amounts, status
// derivation) and the provider behind its interface. A payment's idempotency key is derived from the
// booking, so a retried request (same booking) never creates a second payment at the provider.
import type { Sql } from "../_shared/db.ts";
import type { PaymentMode } from "./provider.ts";

export const paymentIdempotencyKey = (bookingId: string, mode: PaymentMode) =>
  `booking-${bookingId}-${mode}-v1`;
export const cancelIdempotencyKey = (bookingId: string) => `booking-${bookingId}-cancel-v1`;
/** Keyed by what was refunded before and the amount asked: a retry of the same refund is the same key. */
export const refundIdempotencyKey = (bookingId: string, refundedBefore: number, amount: number) =>
  `booking-${bookingId}-refund-${refundedBefore}-${amount}-v1`;

export interface BookingRow {
  id: string;
  user_id: string;
  offer_id: string;
  plan_id: string | null;
  plan_item_id: string | null;
  travellers: number;
  unit_amount_minor: number;
  amount_minor: number;
  paid_minor: number;
  refunded_minor: number;
  currency: string;
  status: string;
  payment_mode: PaymentMode | null;
  provider_checkout_session_id: string | null;
  provider_payment_intent_id: string | null;
  hold_expires_at: Date;
  created_at: Date;
}

export async function getBooking(sql: Sql, id: string): Promise<BookingRow | undefined> {
  const [row] = await sql<BookingRow[]>`
    select id, user_id, offer_id, plan_id, plan_item_id, travellers, unit_amount_minor::float8 as unit_amount_minor,
      amount_minor::float8 as amount_minor, paid_minor::float8 as paid_minor, refunded_minor::float8 as refunded_minor,
      currency, status, payment_mode, provider_checkout_session_id, provider_payment_intent_id, hold_expires_at,
      created_at
    from public.bookings where id = ${id}`;
  return row;
}

/** What clients see of a booking (no provider internals). */
export const publicBooking = (b: BookingRow) => ({
  id: b.id,
  offer_id: b.offer_id,
  plan_id: b.plan_id,
  plan_item_id: b.plan_item_id,
  travellers: b.travellers,
  amount_minor: b.amount_minor,
  paid_minor: b.paid_minor,
  refunded_minor: b.refunded_minor,
  currency: b.currency,
  status: b.status,
  payment_mode: b.payment_mode,
  hold_expires_at: b.hold_expires_at,
  created_at: b.created_at,
});
