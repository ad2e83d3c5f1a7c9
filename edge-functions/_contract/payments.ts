// payments (bookings of offers, paid through the provider) and stripe-webhook (the provider's events).
import { z } from "zod";

export const createBookingRequestSchema = z.strictObject({
  offer_id: z.uuid(),
  travellers: z.number().int().min(1).max(50),
  plan_id: z.uuid().optional(),
  plan_item_id: z.uuid().optional(),
  mode: z.enum(["checkout", "payment_intent"]).default("checkout"),
  /** The client's retry key: sending the same request again returns the same booking and payment. */
  request_key: z.string().regex(/^[A-Za-z0-9_:-]{8,100}$/).optional(),
}).meta({ id: "CreateBookingRequest" });
export type CreateBookingRequest = z.input<typeof createBookingRequestSchema>;

export const refundRequestSchema = z.strictObject({
  amount_minor: z.number().int().positive().max(99_999_999).optional(),
  reason: z.string().max(500).optional(),
}).meta({ id: "RefundRequest" });
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export const BOOKING_STATUSES = [
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
  "expired",
  "failed",
  "disputed",
] as const;

/** What clients see of a booking (no provider internals). */
export const bookingSchema = z.object({
  id: z.string(),
  offer_id: z.string(),
  plan_id: z.string().nullable(),
  plan_item_id: z.string().nullable(),
  travellers: z.number().int(),
  amount_minor: z.number().int(),
  paid_minor: z.number().int(),
  refunded_minor: z.number().int(),
  currency: z.string(),
  status: z.enum(BOOKING_STATUSES),
  payment_mode: z.enum(["checkout", "payment_intent"]).nullable(),
  hold_expires_at: z.string(),
  created_at: z.string(),
}).meta({ id: "Booking" });
export type Booking = z.infer<typeof bookingSchema>;

/** POST /payments: the booking and what the client needs to pay it (a Checkout URL or a client secret). */
export const createBookingResultSchema = z.object({
  booking: bookingSchema,
  checkout_url: z.string().optional(),
  client_secret: z.string().optional(),
}).meta({ id: "CreateBookingResult" });
export type CreateBookingResult = z.infer<typeof createBookingResultSchema>;

export const bookingResultSchema = z.object({ booking: bookingSchema }).meta({ id: "BookingResult" });
export type BookingResult = z.infer<typeof bookingResultSchema>;

export const refundResultSchema = z.object({
  booking: bookingSchema,
  refund: z.object({ id: z.string(), amount_minor: z.number().int(), status: z.string() }),
}).meta({ id: "RefundResult" });
export type RefundResult = z.infer<typeof refundResultSchema>;

/** stripe-webhook's acknowledgement (any 2xx stops the provider's retries). */
export const webhookAckSchema = z.object({ received: z.literal(true), result: z.string() })
  .meta({ id: "WebhookAck" });
export type WebhookAck = z.infer<typeof webhookAckSchema>;

/** POST /payments/subscription: start Pro, monthly or yearly. */
export const subscribeRequestSchema = z.strictObject({ interval: z.enum(["month", "year"]) })
  .meta({ id: "SubscribeRequest" });
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

/** POST /payments/portal takes an empty object. */
export const portalRequestSchema = z.strictObject({}).meta({ id: "PortalRequest" });

/** 201: Stripe Checkout in subscription mode. */
export const subscriptionCheckoutSchema = z.object({ checkout_url: z.url() }).meta({
  id: "SubscriptionCheckout",
});
export type SubscriptionCheckout = z.infer<typeof subscriptionCheckoutSchema>;

/** 200: the customer portal (also the answer to /subscription while a subscription is live). */
export const portalSessionSchema = z.object({
  portal_url: z.url(),
  subscription: z.object({ status: z.string(), interval: z.string().nullable() }).optional(),
}).meta({ id: "PortalSession" });
export type PortalSession = z.infer<typeof portalSessionSchema>;

/** What POST /payments/subscription answers: a Checkout URL (201), or the portal while subscribed (200). */
export const subscriptionStartSchema = z.union([subscriptionCheckoutSchema, portalSessionSchema])
  .meta({ id: "SubscriptionStart" });
export type SubscriptionStart = z.infer<typeof subscriptionStartSchema>;

/** purge-worker's answer: what one run did with the due purge jobs. */
export const purgeRunResultSchema = z.object({
  claimed: z.number().int(),
  done: z.number().int(),
  retrying: z.number().int(),
  dead: z.number().int(),
}).meta({ id: "PurgeRunResult" });
export type PurgeRunResult = z.infer<typeof purgeRunResultSchema>;
