// The payments function (handler on Node) against the real database and the Stripe API double, through the
// real Stripe SDK: booking + Checkout / PaymentIntent with a booking-derived idempotency key, refusals as
// 4xx JSON, provider failures (429 / 500 / timeout) as retryable 503 that release the seats, cancel, and
// admin refunds (admin role, aal2 when enrolled).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { jwtVerifierFromEnv } from "../../edge-functions/_shared/jwt.ts";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import { createPaymentsHandler } from "../../edge-functions/payments/handler.ts";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_JWT_SECRET } from "../support/env.ts";
import {
  deliverLikeStripe,
  makeOffer,
  quietLogger,
  WEBHOOK_SECRET,
  webhookHandler,
} from "../support/payments.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import { tokenFor } from "../support/tokens.ts";

let sql: Sql;
let double: StripeDouble;
let handler: (req: Request) => Promise<Response>;
let stripe: Stripe;

beforeAll(async () => {
  sql = testSql(12);
  double = await startStripeDouble();
  stripe = createStripeClient({ secretKey: "sk_test_double", apiBase: double.url, timeoutMs: 400 });
  handler = createPaymentsHandler({
    sql,
    provider: new StripePaymentProvider(stripe, [WEBHOOK_SECRET]),
    verify: jwtVerifierFromEnv({ JWT_SECRET: LOCAL_JWT_SECRET }),
    siteUrl: "http://127.0.0.1:3000",
    logger: quietLogger,
  });
});
afterAll(async () => {
  await double.close();
  await sql.end();
});
beforeEach(() => double.failNext(0, {}));

async function call(
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
  claims: Record<string, unknown> = {},
  aal?: "aal1" | "aal2",
) {
  const headers: Record<string, string> = {};
  if (user) headers.authorization = `Bearer ${await tokenFor(user, { extraClaims: claims, aal })}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await handler(
    new Request(`http://localhost/payments${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: res.status, json: await res.json() };
}
const seats = async (offerId: string) =>
  (await sql`select seats_taken from public.offers where id = ${offerId}`)[0].seats_taken;
const user = () => createUser(sql, { metadata: { display_name: "Ada" } });

describe("booking and payment", () => {
  it("creates a pending booking with the amount from the offer and a Checkout Session", async () => {
    const offerId = await makeOffer(sql, { price: 4500, capacity: 10 });
    const u = await user();
    const res = await call(u, "POST", "/bookings", { offer_id: offerId, travellers: 3 });
    expect(res.status).toBe(201);
    expect(res.json.booking).toMatchObject({
      status: "pending",
      amount_minor: 13500,
      currency: "EUR",
      payment_mode: "checkout",
    });
    expect(res.json.checkout_url).toMatch(new RegExp(`^${double.url}/checkout/cs_test_`));
    const session = double.sessions.get(res.json.checkout_url.split("/").pop())!;
    expect(session).toMatchObject({
      amount_total: 13500,
      currency: "eur",
      metadata: { booking_id: res.json.booking.id },
    });
    expect(double.requests.at(-1)!.key).toBe(`booking-${res.json.booking.id}-checkout-v1`);
    expect(await seats(offerId)).toBe(3);
  });

  it("a retried request (same request key) returns the same booking and the same session", async () => {
    const offerId = await makeOffer(sql, { capacity: 10 });
    const u = await user();
    const body = { offer_id: offerId, travellers: 1, request_key: "client-retry-0001" };
    const first = await call(u, "POST", "/bookings", body);
    const sessionsBefore = double.sessions.size;
    const second = await call(u, "POST", "/bookings", body);
    expect(second.status).toBe(200);
    expect(second.json.booking.id).toBe(first.json.booking.id);
    expect(second.json.checkout_url).toBe(first.json.checkout_url);
    expect(double.sessions.size).toBe(sessionsBefore);
    expect(await seats(offerId)).toBe(1);
  });

  it("the same request key while the first request is still committing (a double submit) gets that booking, not a 500", async () => {
    const offerId = await makeOffer(sql, { capacity: 10 });
    const u = await user();
    const body = { offer_id: offerId, travellers: 2, request_key: "double-submit-0001" };
    // The first request's transaction, held open after create_booking (as a slow commit would be).
    const first = await sql.reserve();
    try {
      await first`begin`;
      const [held] = await first<{ booking_id: string }[]>`
        select booking_id from private.create_booking(${u.id}, ${offerId}, 2, null, null, ${body.request_key})`;
      const second = call(u, "POST", "/bookings", body);
      await new Promise((r) => setTimeout(r, 300));
      await first`commit`;
      const res = await second;
      expect(res.status).toBe(200);
      expect(res.json.booking.id).toBe(held.booking_id);
    } finally {
      first.release();
    }
    const [{ n }] = await sql`select count(*)::int as n from public.bookings where user_id = ${u.id}`;
    expect(n).toBe(1);
    expect(await seats(offerId)).toBe(2);
  });

  it("returns a client_secret in payment_intent mode; JPY amounts have no minor unit", async () => {
    const offerId = await makeOffer(sql, { price: 12000, currency: "JPY" });
    const res = await call(await user(), "POST", "/bookings", {
      offer_id: offerId,
      travellers: 2,
      mode: "payment_intent",
    });
    expect(res.status).toBe(201);
    expect(res.json.client_secret).toMatch(/^pi_.+_secret_/);
    const pi = [...double.paymentIntents.values()].at(-1)!;
    expect([pi.amount, pi.currency]).toEqual([24000, "jpy"]);
  });

  it("refuses bad requests with 4xx JSON and writes nothing", async () => {
    const offerId = await makeOffer(sql, { capacity: 2 });
    const u = await user();
    const other = await user();
    const [plan] = await sql`insert into public.plans (user_id, title, destination, start_date, end_date)
      values (${other.id}, 'T', 'Oslo', current_date, current_date) returning id`;
    const cases: [unknown, number, string][] = [
      [{ offer_id: offerId }, 400, "validation_failed"],
      [{ offer_id: offerId, travellers: 1, amount_minor: 1 }, 400, "validation_failed"],
      [{ offer_id: "00000000-0000-4000-8000-000000000000", travellers: 1 }, 404, "offer_not_found"],
      [{ offer_id: offerId, travellers: 3 }, 409, "sold_out"],
      [{ offer_id: offerId, travellers: 1, plan_id: plan.id }, 404, "plan_not_found"],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(u, "POST", "/bookings", body);
      expect([res.status, res.json.error.code]).toEqual([status, code]);
    }
    expect((await call(null, "POST", "/bookings", { offer_id: offerId, travellers: 1 })).status).toBe(401);
    expect(await sql`select 1 from public.bookings where user_id = ${u.id}`).toHaveLength(0);
    expect(await seats(offerId)).toBe(0);
  });

  it("limits how many bookings (seat holds) one user starts per minute: 429 with Retry-After", async () => {
    const offerId = await makeOffer(sql);
    const u = await user();
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call(u, "POST", "/bookings", { offer_id: offerId, travellers: 1 })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await seats(offerId)).toBe(10);
  });

  it("50 concurrent bookings for 3 seats: 3 created, 47 sold_out", async () => {
    const offerId = await makeOffer(sql, { capacity: 3 });
    const users = await Promise.all(Array.from({ length: 50 }, () => user()));
    const results = await Promise.all(
      users.map((u) => call(u, "POST", "/bookings", { offer_id: offerId, travellers: 1 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(47);
    expect(refused.every((r) => r.json.error.code === "sold_out")).toBe(true);
    expect(await seats(offerId)).toBe(3);
  });
});

describe("provider failures", () => {
  for (const failure of [{ status: 429 as const }, { status: 500 as const }, { stallMs: 2_000 }]) {
    it(`Stripe ${failure.status ?? "timeout"}: 503 retryable, the booking fails and releases its seats`, async () => {
      const offerId = await makeOffer(sql, { capacity: 5 });
      double.failNext(10, failure);
      const res = await call(await user(), "POST", "/bookings", { offer_id: offerId, travellers: 2 });
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("payment_provider_unavailable");
      expect(await seats(offerId)).toBe(0);
      const [b] = await sql`select status from public.bookings where offer_id = ${offerId}`;
      expect(b.status).toBe("failed");
    });
  }

  it("the SDK's retry after one 500 uses the same idempotency key and succeeds", async () => {
    const offerId = await makeOffer(sql);
    double.failNext(1, { status: 500 });
    const res = await call(await user(), "POST", "/bookings", { offer_id: offerId, travellers: 1 });
    expect(res.status).toBe(201);
    const keys = double.requests.slice(-2).map((r) => r.key);
    expect(keys[0]).toBe(keys[1]);
  });

  it("the double keeps Stripe's idempotency: same key other body is a 400 idempotency_error", async () => {
    const params = { amount: 1000, currency: "eur" };
    const a = await stripe.paymentIntents.create(params, { idempotencyKey: "same-key-test" });
    const b = await stripe.paymentIntents.create(params, { idempotencyKey: "same-key-test" });
    expect(b.id).toBe(a.id);
    await expect(
      stripe.paymentIntents.create({ ...params, amount: 2000 }, { idempotencyKey: "same-key-test" }),
    )
      .rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });
});

describe("cancel", () => {
  it("the owner cancels a pending booking: the session expires, the hold is released once", async () => {
    const offerId = await makeOffer(sql, { capacity: 4 });
    const u = await user();
    const created = await call(u, "POST", "/bookings", { offer_id: offerId, travellers: 2 });
    const id = created.json.booking.id;
    expect((await call(await user(), "POST", `/bookings/${id}/cancel`)).status).toBe(404);
    const res = await call(u, "POST", `/bookings/${id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.json.booking.status).toBe("cancelled");
    expect(double.sessions.get(created.json.checkout_url.split("/").pop())!.status).toBe("expired");
    expect((await call(u, "POST", `/bookings/${id}/cancel`)).json.error.code).toBe("not_pending");
    expect(await seats(offerId)).toBe(0);
  });
});

describe("cancel a PaymentIntent booking", () => {
  it("cancels the intent at Stripe, then the booking", async () => {
    const offerId = await makeOffer(sql, { capacity: 2 });
    const u = await user();
    const created = await call(u, "POST", "/bookings", {
      offer_id: offerId,
      travellers: 2,
      mode: "payment_intent",
    });
    const piId = created.json.client_secret.split("_secret_")[0];
    const res = await call(u, "POST", `/bookings/${created.json.booking.id}/cancel`);
    expect(res.json.booking.status).toBe("cancelled");
    expect(double.paymentIntents.get(piId)!.status).toBe("canceled");
    expect(await seats(offerId)).toBe(0);
  });
});

describe("refunds", () => {
  async function paidBooking() {
    const offerId = await makeOffer(sql, { price: 5000 });
    const u = await user();
    const created = await call(u, "POST", "/bookings", { offer_id: offerId, travellers: 2 });
    const events = double.paySession(created.json.checkout_url.split("/").pop()!);
    await deliverLikeStripe(webhookHandler(sql), events);
    return { u, id: created.json.booking.id as string };
  }
  async function admin(mfa = false) {
    const a = await user();
    await sql`update public.profiles set role = 'admin' where id = ${a.id}`;
    if (mfa) {
      await sql`insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at)
        values (gen_random_uuid(), ${a.id}, 'totp', 'totp', 'verified', now(), now())`;
    }
    return a;
  }

  it("refuses users, and admins with MFA enrolled but an aal1 session", async () => {
    const { u, id } = await paidBooking();
    expect((await call(u, "POST", `/bookings/${id}/refund`, {})).status).toBe(403);
    expect((await call(u, "POST", `/bookings/${id}/refund`, {}, { user_role: "admin" })).status).toBe(403);
    const res = await call(await admin(true), "POST", `/bookings/${id}/refund`, {}, { user_role: "admin" });
    expect([res.status, res.json.error.code]).toEqual([403, "aal2_required"]);
    expect((await sql`select status from public.bookings where id = ${id}`)[0].status).toBe("paid");
  });

  it("an admin refunds in part then in full; the ledger, status, email and activity follow; a retry is one refund", async () => {
    const { id } = await paidBooking();
    const a = await admin(true);
    const part = await call(a, "POST", `/bookings/${id}/refund`, { amount_minor: 3000 }, {
      user_role: "admin",
    }, "aal2");
    expect(part.status).toBe(200);
    expect(part.json.booking).toMatchObject({ status: "partially_refunded", refunded_minor: 3000 });
    const tooMuch = await call(a, "POST", `/bookings/${id}/refund`, { amount_minor: 9000 }, {
      user_role: "admin",
    }, "aal2");
    expect([tooMuch.status, tooMuch.json.error.code]).toEqual([422, "amount_too_large"]);
    const rest = await call(a, "POST", `/bookings/${id}/refund`, {}, { user_role: "admin" }, "aal2");
    expect(rest.json.booking).toMatchObject({ status: "refunded", refunded_minor: 10000 });
    const again = await call(a, "POST", `/bookings/${id}/refund`, {}, { user_role: "admin" }, "aal2");
    expect([again.status, again.json.error.code]).toEqual([409, "not_refundable"]);
    expect(await sql`select 1 from public.payment_ledger where booking_id = ${id} and kind = 'refund'`)
      .toHaveLength(2);
    expect(
      await sql`select 1 from public.activity_log where entity_id = ${id} and action = 'booking.refunded' and actor_id = ${a.id}`,
    )
      .toHaveLength(2);
    // The refund's own webhook later changes nothing.
    const refundEvents = [...double.refunds.values()].filter((r) =>
      (r.metadata as Record<string, string>).booking_id === id
    )
      .map((r) => ({
        id: `evt_${r.id}`,
        object: "event",
        api_version: "2026-10-28.endive",
        created: Math.floor(Date.now() / 1000),
        data: { object: r },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: "refund.created",
      }));
    await deliverLikeStripe(webhookHandler(sql), refundEvents);
    expect(await sql`select 1 from public.payment_ledger where booking_id = ${id} and kind = 'refund'`)
      .toHaveLength(2);
    expect(
      await sql`select 1 from public.email_outbox e join public.bookings b on b.user_id = e.user_id
      where b.id = ${id} and e.template = 'refund'`,
    ).toHaveLength(2);
  });
});
