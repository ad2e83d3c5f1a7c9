// POST /payments/bookings                   book an offer and start its payment: 201 { booking, checkout_url }
//                                           or, with mode "payment_intent", { booking, client_secret }
// GET  /payments/bookings/<id>              the booking (its owner or an admin, through RLS)
// POST /payments/bookings/<id>/cancel       the owner cancels a pending booking (expires the checkout)
// POST /payments/bookings/<id>/refund       an admin (aal2 when enrolled) refunds in full or in part
// POST /payments/subscription               start Pro { interval: month|year }: 201 { checkout_url } (Checkout in
//                                           subscription mode), or 200 { portal_url } while already subscribed
// POST /payments/portal                     200 { portal_url }: the customer portal (plan, card, cancel)
// Every refusal is a 4xx JSON error; a provider outage is 503 retryable and releases the seats at once.
import {
  createBookingRequestSchema,
  portalRequestSchema,
  type PortalSession,
  refundRequestSchema,
  subscribeRequestSchema,
  type SubscriptionCheckout,
} from "../_contract/index.ts";
import { actAsService, actAsUser, asUser, type Sql } from "../_shared/db.ts";
import {
  badRequest,
  forbidden,
  HttpError,
  jsonResponse,
  methodNotAllowed,
  notFound,
} from "../_shared/errors.ts";
import { createFunction, readJson } from "../_shared/http.ts";
import { type JwtVerifier, requireUser } from "../_shared/jwt.ts";
import type { Logger } from "../_shared/log.ts";
import {
  type BookingRow,
  cancelIdempotencyKey,
  getBooking,
  paymentIdempotencyKey,
  publicBooking,
  refundIdempotencyKey,
} from "../_payments/bookings.ts";
import { type PaymentProvider, PaymentProviderError } from "../_payments/provider.ts";
import { ensureCustomer, liveSubscription } from "../_payments/subscriptions.ts";

export interface PaymentsDeps {
  sql: Sql;
  provider: PaymentProvider;
  verify: JwtVerifier;
  /** Where Checkout sends the customer back (the app). */
  siteUrl: string;
  /** Stripe lookup keys of the Pro prices (configuration, not ids); default: the .env.example values. */
  proLookupKeys?: { month: string; year: string };
  logger?: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BOOKING_ERRORS: Record<string, [number, string]> = {
  offer_not_found: [404, "No such offer"],
  offer_unavailable: [409, "This offer cannot be booked now"],
  sold_out: [409, "Not enough seats left for this offer"],
  amount_out_of_range: [422, "The total is outside what can be charged in this currency"],
  plan_not_found: [404, "No such plan or plan item of yours"],
};

function providerFailure(err: PaymentProviderError): HttpError {
  return err.retryable
    ? new HttpError(
      503,
      "payment_provider_unavailable",
      "The payment provider is unavailable; try again shortly",
      {
        headers: { "Retry-After": "5" },
        cause: err,
      },
    )
    : new HttpError(502, "payment_provider_refused", "The payment provider refused the request", {
      cause: err,
    });
}

export function createPaymentsHandler(deps: PaymentsDeps) {
  const { sql, provider } = deps;

  return createFunction("payments", async (req, { log }) => {
    const path = new URL(req.url).pathname.replace(/^\/payments/, "").replace(/\/+$/, "");
    const claims = await requireUser(req, deps.verify);

    if (path === "/bookings") {
      if (req.method !== "POST") throw methodNotAllowed(["POST"]);
      const body = await readJson(req, createBookingRequestSchema);
      let created: { booking_id: string | null; created: boolean; error_code: string | null };
      try {
        [created] = await sql<typeof created[]>`
          select * from private.create_booking(${claims.sub}, ${body.offer_id}, ${body.travellers},
            ${body.plan_id ?? null}, ${body.plan_item_id ?? null}, ${body.request_key ?? null})`;
      } catch (err) {
        if ((err as { code?: string }).code === "42501") {
          throw new HttpError(403, "account_inactive", "This account cannot book");
        }
        throw err;
      }
      if (created.error_code === "rate_limited") {
        throw new HttpError(429, "rate_limited", "Too many bookings in a short time; try again shortly", {
          headers: { "Retry-After": "60" },
        });
      }
      if (created.error_code) {
        const [status, message] = BOOKING_ERRORS[created.error_code] ?? [409, "The booking was refused"];
        throw new HttpError(status, created.error_code, message);
      }
      const booking = (await getBooking(sql, created.booking_id!))!;
      if (booking.status !== "pending") {
        return jsonResponse({ booking: publicBooking(booking) }, { status: 200 });
      }
      const mode = booking.payment_mode ?? body.mode;
      const [{ title }] = await sql<
        { title: string }[]
      >`select title from public.offers where id = ${booking.offer_id}`;
      let payment;
      try {
        payment = await provider.createPayment({
          bookingId: booking.id,
          mode,
          amountMinor: booking.amount_minor,
          currency: booking.currency,
          description: title.slice(0, 200),
          customerEmail: typeof claims.email === "string" && claims.email ? claims.email : undefined,
          successUrl: `${deps.siteUrl}/bookings/${booking.id}?paid=1`,
          cancelUrl: `${deps.siteUrl}/bookings/${booking.id}?cancelled=1`,
          idempotencyKey: paymentIdempotencyKey(booking.id, mode),
        });
      } catch (err) {
        if (!(err instanceof PaymentProviderError)) throw err;
        // No payment exists to wait for: release the seats now rather than at the hold's expiry.
        await sql`select private.fail_booking_start(${booking.id}, ${err.message})`;
        log.warn("payment creation failed", { booking_id: booking.id, retryable: err.retryable, err });
        throw providerFailure(err);
      }
      await sql`select private.attach_booking_payment(${booking.id}, ${mode}, ${
        payment.checkoutSessionId ?? null
      },
        ${payment.paymentIntentId ?? null}, ${payment.expiresAt ?? null})`;
      const fresh = (await getBooking(sql, booking.id))!;
      return jsonResponse({
        booking: publicBooking(fresh),
        ...(payment.checkoutUrl ? { checkout_url: payment.checkoutUrl } : {}),
        ...(payment.clientSecret ? { client_secret: payment.clientSecret } : {}),
      }, { status: created.created ? 201 : 200 });
    }

    if (path === "/subscription" || path === "/portal") {
      if (req.method !== "POST") throw methodNotAllowed(["POST"]);
      const interval = path === "/subscription"
        ? (await readJson(req, subscribeRequestSchema)).interval
        : (await readJson(req, portalRequestSchema), null);
      const [active] = await sql`select 1 from public.profiles where id = ${claims.sub} and deleted_at is null
        and suspended_at is null`;
      if (!active) throw new HttpError(403, "account_inactive", "This account cannot subscribe");
      const returnUrl = `${deps.siteUrl}/account/billing`;
      const portal = async (customerId: string) => {
        try {
          return (await provider.createPortalSession({ customerId, returnUrl })).url;
        } catch (err) {
          if (!(err instanceof PaymentProviderError)) throw err;
          throw providerFailure(err);
        }
      };
      const live = await liveSubscription(sql, claims.sub);
      if (path === "/portal" || live) {
        const [customer] = await sql<{ provider_customer_id: string }[]>`
          select provider_customer_id from public.billing_customers where user_id = ${claims.sub}`;
        if (!customer) {
          throw new HttpError(404, "no_customer", "There is no billing account yet; subscribe first");
        }
        return jsonResponse(
          {
            portal_url: await portal(customer.provider_customer_id),
            ...(live ? { subscription: { status: live.status, interval: live.plan_interval } } : {}),
          } satisfies PortalSession,
        );
      }
      if (interval === null) throw notFound();
      let checkout;
      try {
        const customerId = await ensureCustomer(sql, provider, {
          id: claims.sub,
          email: typeof claims.email === "string" && claims.email ? claims.email : undefined,
        });
        const keys = deps.proLookupKeys ?? { month: "tripmaster_pro_monthly", year: "tripmaster_pro_yearly" };
        const price = await provider.priceByLookupKey(keys[interval]);
        checkout = await provider.createSubscriptionCheckout({
          userId: claims.sub,
          customerId,
          priceId: price.priceId,
          successUrl: `${returnUrl}?subscribed=1`,
          cancelUrl: `${returnUrl}?cancelled=1`,
        });
      } catch (err) {
        if (!(err instanceof PaymentProviderError)) throw err;
        log.warn("subscription checkout failed", { retryable: err.retryable, err });
        throw providerFailure(err);
      }
      return jsonResponse({ checkout_url: checkout.checkoutUrl } satisfies SubscriptionCheckout, {
        status: 201,
      });
    }

    const match = path.match(/^\/bookings\/([^/]+)(?:\/(cancel|refund))?$/);
    if (!match) throw notFound();
    if (!UUID.test(match[1])) throw badRequest("The booking id is not a uuid");
    const id = match[1];
    const action = match[2];

    // Refunds: admins only (role in token and profile, aal2 when MFA is enrolled), checked by the database
    // first, so a refused admin learns nothing about the booking.
    if (action === "refund") {
      await sql.begin(async (tx) => {
        await actAsUser(tx, claims);
        try {
          await tx`select private.assert_admin()`;
        } catch (err) {
          const message = (err as Error).message ?? "";
          if (/aal2/.test(message)) {
            throw new HttpError(403, "aal2_required", "Admin actions need a multi-factor session");
          }
          if ((err as { code?: string }).code === "42501") throw forbidden("Admins only");
          throw err;
        }
        await actAsService(tx);
      });
    }
    // What the caller may see (RLS: owner or admin).
    const visible = await asUser(sql, claims, (tx) => tx`select 1 from public.bookings where id = ${id}`);
    if (visible.length === 0) throw notFound("No such booking");

    if (!action) {
      if (req.method !== "GET") throw methodNotAllowed(["GET"]);
      return jsonResponse({ booking: publicBooking((await getBooking(sql, id))!) });
    }
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);

    if (action === "cancel") {
      const booking = (await getBooking(sql, id))!;
      if (booking.user_id !== claims.sub) throw forbidden("Only the booking's owner can cancel it");
      if (booking.status !== "pending") {
        throw new HttpError(409, "not_pending", `The booking is ${booking.status} and cannot be cancelled`);
      }
      // First at the provider (so it can no longer be paid), then here.
      try {
        await provider.cancelPayment({
          checkoutSessionId: booking.provider_checkout_session_id ?? undefined,
          paymentIntentId: booking.provider_checkout_session_id
            ? undefined
            : booking.provider_payment_intent_id ?? undefined,
          idempotencyKey: cancelIdempotencyKey(id),
        });
      } catch (err) {
        if (!(err instanceof PaymentProviderError)) throw err;
        if (!err.retryable) {
          throw new HttpError(409, "payment_in_progress", "The payment can no longer be cancelled", {
            cause: err,
          });
        }
        throw providerFailure(err);
      }
      try {
        await sql`select private.cancel_booking(${claims.sub}, ${id})`;
      } catch (err) {
        if ((err as { code?: string }).code === "55000") {
          throw new HttpError(409, "not_pending", "The booking cannot be cancelled any more");
        }
        throw err;
      }
      return jsonResponse({ booking: publicBooking((await getBooking(sql, id))!) });
    }

    // Refund (admins only; checked above, before the booking is looked at).
    const body = await readJson(req, refundRequestSchema);
    const booking: BookingRow = (await getBooking(sql, id))!;
    if (!["paid", "partially_refunded"].includes(booking.status) || !booking.provider_payment_intent_id) {
      throw new HttpError(409, "not_refundable", `The booking is ${booking.status} and cannot be refunded`);
    }
    const remaining = booking.paid_minor - booking.refunded_minor;
    const amount = body.amount_minor ?? remaining;
    if (amount > remaining) {
      throw new HttpError(422, "amount_too_large", `At most ${remaining} can still be refunded`);
    }
    let refund;
    try {
      refund = await provider.refund({
        bookingId: id,
        paymentIntentId: booking.provider_payment_intent_id,
        amountMinor: amount,
        idempotencyKey: refundIdempotencyKey(id, booking.refunded_minor, amount),
      });
    } catch (err) {
      if (!(err instanceof PaymentProviderError)) throw err;
      throw providerFailure(err);
    }
    if (refund.status === "succeeded") {
      await sql`select private.record_refund(${id}, ${provider.name}, ${refund.refundId}, ${refund.amountMinor}, ${claims.sub})`;
    }
    log.info("refund created", { booking_id: id, refund_id: refund.refundId, status: refund.status });
    return jsonResponse({
      booking: publicBooking((await getBooking(sql, id))!),
      refund: { id: refund.refundId, amount_minor: refund.amountMinor, status: refund.status },
    });
  }, { logger: deps.logger });
}
