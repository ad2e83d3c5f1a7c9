// Pro subscriptions end to end on Node: the payments function (Checkout in subscription mode, the portal)
// against the Stripe API double through the real SDK, Stripe's events delivered to the webhook handler
// (twice, shuffled), and the tier and quota the database derives. Failure modes of the double included.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { jwtVerifierFromEnv } from "../../edge-functions/_shared/jwt.ts";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import { createPaymentsHandler } from "../../edge-functions/payments/handler.ts";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_JWT_SECRET } from "../support/env.ts";
import {
  deliverLikeStripe,
  postEvent,
  quietLogger,
  WEBHOOK_SECRET,
  webhookHandler,
} from "../support/payments.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import * as o from "../support/stripe/objects.ts";
import { tokenFor } from "../support/tokens.ts";

type Obj = Record<string, unknown>;
let sql: Sql;
let double: StripeDouble;
let handler: (req: Request) => Promise<Response>;
let webhook: ReturnType<typeof webhookHandler>;

beforeAll(async () => {
  sql = testSql(8);
  double = await startStripeDouble();
  const stripe = createStripeClient({
    secretKey: "sk_test_double",
    apiBase: double.url,
    timeoutMs: 400,
    maxNetworkRetries: 0,
  });
  handler = createPaymentsHandler({
    sql,
    provider: new StripePaymentProvider(stripe, [WEBHOOK_SECRET]),
    verify: jwtVerifierFromEnv({ JWT_SECRET: LOCAL_JWT_SECRET }),
    siteUrl: "http://127.0.0.1:3000",
    proLookupKeys: { month: o.PRO_LOOKUP_KEYS.month, year: o.PRO_LOOKUP_KEYS.year },
    logger: quietLogger,
  });
  // The webhook reaches the double: invoice events carry no `payments`, it lists them there.
  webhook = webhookHandler(sql, [WEBHOOK_SECRET], double.url);
});
afterAll(async () => {
  await double.close();
  await sql.end();
});
beforeEach(() => double.failNext(0, {}));

async function call(user: TestUser | null, path: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
  const res = await handler(
    new Request(`http://localhost/payments${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body ?? {}),
    }),
  );
  return { status: res.status, json: await res.json() };
}
const user = () => createUser(sql, { metadata: { display_name: "Sue" } });
const tierOf = async (u: TestUser) =>
  (await sql`select p.tier::text as tier, q.monthly_plans from public.profiles p
    join public.plan_quotas q on q.tier = p.tier where p.id = ${u.id}`)[0];
const sessionId = (url: string) => url.split("/checkout/")[1];
const subOf = (events: Obj[]) => ((events[0].data as Obj).object as Obj).id as string;
const emails = async (u: TestUser) =>
  (await sql`select template from public.email_outbox where user_id = ${u.id} order by created_at, template`)
    .map((r) => r.template as string);
/** The payment intent that paid the invoice of these events (the double knows it; the events do not). */
const paidIntent = (events: Obj[]) =>
  double.paymentIntentOfInvoice(
    ((events.find((e) => e.type === "invoice.paid")!.data as Obj).object as Obj).id as string,
  );
const shuffle = <T>(xs: T[]) =>
  xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]);

async function subscribe(u: TestUser, interval: "month" | "year" = "month") {
  const res = await call(u, "/subscription", { interval });
  expect(res.status).toBe(201);
  const events = double.paySubscriptionSession(sessionId(res.json.checkout_url));
  return { res, events, subscriptionId: subOf(events) };
}

describe("subscribing", () => {
  it("checkout in subscription mode -> webhook -> tier pro and quota 100; asking again gives the portal", async () => {
    const u = await user();
    expect(await tierOf(u)).toEqual({ tier: "free", monthly_plans: 3 });
    const { res, events } = await subscribe(u, "year");
    expect(res.json.checkout_url).toMatch(new RegExp(`^${double.url}/checkout/cs_test_`));
    const session = double.sessions.get(sessionId(res.json.checkout_url))!;
    expect(session).toMatchObject({ mode: "subscription", metadata: { user_id: u.id } });
    expect(double.prices.get(String(session.price))!.lookup_key).toBe(o.PRO_LOOKUP_KEYS.year);

    // Each event twice, in a random order: the same end state.
    await deliverLikeStripe(webhook, shuffle([...events, ...events]));
    expect(await tierOf(u)).toEqual({ tier: "pro", monthly_plans: 100 });
    const [row] = await sql`select status, plan_interval, cancel_at_period_end from public.subscriptions
      where user_id = ${u.id}`;
    expect(row).toEqual({ status: "active", plan_interval: "year", cancel_at_period_end: false });
    expect((await emails(u)).filter((t) => t === "subscription_started")).toHaveLength(1);
    const [ledger] = await sql`select kind, amount_minor::int as amount, currency from public.payment_ledger l
      join public.subscriptions s on s.id = l.subscription_id where s.user_id = ${u.id}`;
    expect(ledger).toEqual({ kind: "charge", amount: 9000, currency: "EUR" });

    const again = await call(u, "/subscription", { interval: "month" });
    expect(again.status).toBe(200);
    expect(again.json.portal_url).toMatch(new RegExp(`^${double.url}/portal/bps_`));
    expect(again.json).not.toHaveProperty("checkout_url");
    const portal = await call(u, "/portal");
    expect(portal.status).toBe(200);
    expect(portal.json.portal_url).toMatch(/\/portal\/bps_/);
  });

  it("creates one customer per user, once, even for concurrent requests", async () => {
    const u = await user();
    const before = double.customers.size;
    const results = await Promise.all([1, 2, 3].map(() => call(u, "/subscription", { interval: "month" })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(double.customers.size - before).toBe(1);
    const rows = await sql`select provider_customer_id from public.billing_customers where user_id = ${u.id}`;
    expect(rows).toHaveLength(1);
    const sessions = results.map((r) => double.sessions.get(sessionId(r.json.checkout_url))!);
    expect(new Set(sessions.map((s) => s.customer))).toEqual(new Set([rows[0].provider_customer_id]));
  });

  it("cancel in the portal: pro until the period end, then free; emails for each step", async () => {
    const u = await user();
    const { events, subscriptionId } = await subscribe(u);
    await deliverLikeStripe(webhook, events);
    await deliverLikeStripe(webhook, double.cancelAtPeriodEnd(subscriptionId));
    expect((await tierOf(u)).tier).toBe("pro");
    const ended = double.periodEnds(subscriptionId);
    await deliverLikeStripe(webhook, ended);
    expect(await tierOf(u)).toEqual({ tier: "free", monthly_plans: 3 });
    const [c] = await sql`select data from public.email_outbox where user_id = ${u.id}
      and template = 'subscription_cancelled' and data ->> 'ended' = 'false'`;
    expect(c.data.endsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await emails(u)).filter((t) => t === "subscription_cancelled")).toHaveLength(2);
  });

  it("renewal receipt; failed renewal keeps pro in the grace and emails the portal link; the lifecycle shuffled ends canceled", async () => {
    const u = await user();
    const { events, subscriptionId } = await subscribe(u);
    const renewed = double.periodEnds(subscriptionId, "paid");
    const failed = double.periodEnds(subscriptionId, "failed");
    await deliverLikeStripe(webhook, [...events, ...renewed, ...failed]);
    const [s] = await sql`select status, past_due_since from public.subscriptions where user_id = ${u.id}`;
    expect(s.status).toBe("past_due");
    expect((await tierOf(u)).tier).toBe("pro");
    const all = await emails(u);
    expect(all).toContain("subscription_renewal");
    expect(all).toContain("subscription_payment_failed");

    // created -> active -> past_due -> canceled, each twice, in random order: canceled and free.
    const v = await user();
    const sub = await subscribe(v);
    const lifecycle = [
      ...sub.events,
      ...double.periodEnds(sub.subscriptionId, "failed"),
      ...double.cancelAtPeriodEnd(sub.subscriptionId),
      ...double.periodEnds(sub.subscriptionId),
    ];
    await deliverLikeStripe(webhook, shuffle([...lifecycle, ...lifecycle]));
    const [end] = await sql`select status from public.subscriptions where user_id = ${v.id}`;
    expect(end.status).toBe("canceled");
    expect((await tierOf(v)).tier).toBe("free");
  });

  it("a full refund of the subscription payment revokes pro for its period; a partial one does not", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    await deliverLikeStripe(webhook, events);
    const pi = paidIntent(events);
    const part = o.refund({ amount: 300, currency: "eur", paymentIntent: pi, charge: "ch_x", bookingId: "" });
    part.metadata = {};
    await deliverLikeStripe(webhook, [o.event("refund.created", part)]);
    expect((await tierOf(u)).tier).toBe("pro");
    const rest = o.refund({ amount: 600, currency: "eur", paymentIntent: pi, charge: "ch_x", bookingId: "" });
    rest.metadata = {};
    await deliverLikeStripe(webhook, [o.event("refund.created", rest)]);
    expect((await tierOf(u)).tier).toBe("free");
    const rows =
      await sql`select kind from public.payment_ledger l join public.subscriptions s on s.id = l.subscription_id
      where s.user_id = ${u.id} order by l.id`;
    expect(rows.map((r) => r.kind)).toEqual(["charge", "refund", "refund"]);
  });

  it("an open dispute keeps pro; a lost dispute revokes it; the ledger nets it out", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    await deliverLikeStripe(webhook, events);
    const pi = paidIntent(events);
    const opened = o.dispute({
      amount: 900,
      currency: "eur",
      paymentIntent: pi,
      charge: "ch_d",
      status: "needs_response",
    });
    await deliverLikeStripe(webhook, [o.event("charge.dispute.created", opened)]);
    expect((await tierOf(u)).tier).toBe("pro");
    const lost = { ...opened, status: "lost" };
    await deliverLikeStripe(webhook, [
      o.event("charge.dispute.closed", lost),
      o.event("charge.dispute.closed", lost),
    ]);
    expect((await tierOf(u)).tier).toBe("free");
    const rows = await sql`select kind, amount_minor::int as amount from public.payment_ledger l
      join public.subscriptions s on s.id = l.subscription_id where s.user_id = ${u.id} order by l.id`;
    expect(rows).toEqual([{ kind: "charge", amount: 900 }, { kind: "dispute", amount: -900 }, {
      kind: "dispute_lost",
      amount: 0,
    }]);
  });

  it("invoice.paid without `payments` (as Stripe sends it): the payment intent is fetched, so a full charge.refunded of it ends pro for that period; a renewal gives it back", async () => {
    const u = await user();
    const { events, subscriptionId } = await subscribe(u);
    const invoiceEvent = events.find((e) => e.type === "invoice.paid")!;
    const invoiceId = ((invoiceEvent.data as Obj).object as Obj).id as string;
    expect((invoiceEvent.data as Obj).object).not.toHaveProperty("payments");
    const listed = () =>
      double.requests.filter((r) => r.method === "GET" && r.path === "/v1/invoice_payments").length;
    const before = listed();
    await deliverLikeStripe(webhook, events);
    expect(listed() - before).toBe(1);
    const pi = double.paymentIntentOfInvoice(invoiceId);
    const ledger = async () =>
      await sql`select kind::text, provider_object_id, amount_minor::int as amount from public.payment_ledger l
        join public.subscriptions s on s.id = l.subscription_id where s.user_id = ${u.id} order by l.id`;
    // Recorded under the payment intent, which is what refunds and disputes name (not under the invoice).
    expect(await ledger()).toEqual([{ kind: "charge", provider_object_id: pi, amount: 900 }]);
    expect((await tierOf(u)).tier).toBe("pro");

    const refunded = o.charge({
      amount: 900,
      currency: "eur",
      paymentIntent: pi,
      refunds: [
        o.refund({ amount: 900, currency: "eur", paymentIntent: pi, charge: "ch_sub", bookingId: "" }),
      ],
    });
    const refundEvent = o.event("charge.refunded", refunded);
    const res = await postEvent(webhook, refundEvent);
    expect(res.status).toBe(200);
    expect((await res.json()).result).toBe("applied");
    expect((await postEvent(webhook, refundEvent)).status).toBe(200); // a redelivery: duplicate
    expect(await tierOf(u)).toEqual({ tier: "free", monthly_plans: 3 });
    const [s] =
      await sql`select access_revoked_until = current_period_end as revoked from public.subscriptions
      where user_id = ${u.id}`;
    expect(s.revoked).toBe(true);
    expect((await ledger()).map((r) => [r.kind, r.amount])).toEqual([["charge", 900], ["refund", -900]]);

    // The next period is paid: pro again; its charge is recorded under its own payment intent.
    const renewed = double.periodEnds(subscriptionId, "paid");
    await deliverLikeStripe(webhook, renewed);
    expect((await tierOf(u)).tier).toBe("pro");
    const next = double.paymentIntentOfInvoice(
      ((renewed.find((e) => e.type === "invoice.paid")!.data as Obj).object as Obj).id as string,
    );
    expect((await ledger()).at(-1)).toEqual({ kind: "charge", provider_object_id: next, amount: 900 });
  });

  it("a lost dispute of the payment intent of a payments-less invoice.paid ends pro", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    await deliverLikeStripe(webhook, events);
    const lost = o.dispute({
      amount: 900,
      currency: "eur",
      paymentIntent: paidIntent(events),
      charge: "ch_sub",
      status: "lost",
    });
    const res = await postEvent(webhook, o.event("charge.dispute.closed", lost));
    expect(res.status).toBe(200);
    expect((await tierOf(u)).tier).toBe("free");
  });

  it("Stripe failing while the invoice's payments are listed: 503 and nothing written; the redelivery applies it once", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    const invoiceEvent = events.find((e) => e.type === "invoice.paid")!;
    await deliverLikeStripe(webhook, events.filter((e) => e !== invoiceEvent));
    const charges = async () =>
      (await sql`select count(*)::int as n from public.payment_ledger l join public.subscriptions s
        on s.id = l.subscription_id where s.user_id = ${u.id}`)[0].n;
    const recorded = async () =>
      (await sql`select count(*)::int as n from private.payment_webhook_events where event_id = ${
        String(invoiceEvent.id)
      }`)[0].n;
    for (const status of [500, 429] as const) {
      double.failNext(1, { status, path: /^\/v1\/invoice_payments$/ });
      const res = await postEvent(webhook, invoiceEvent);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
      expect((await res.json()).error.code).toBe("payment_provider_unavailable");
      expect(await charges()).toBe(0);
      expect(await recorded()).toBe(0);
    }
    const ok = await postEvent(webhook, invoiceEvent);
    expect((await ok.json()).result).toBe("applied");
    expect((await (await postEvent(webhook, invoiceEvent)).json()).result).toBe("duplicate");
    expect(await charges()).toBe(1);
  });

  it("a forged invoice event is refused before Stripe is asked anything", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    const invoiceEvent = events.find((e) => e.type === "invoice.paid")!;
    const before = double.requests.length;
    const res = await postEvent(webhook, invoiceEvent, { secret: "whsec_forged_00000000000000000" });
    expect(res.status).toBe(400);
    expect(double.requests.length).toBe(before);
  });

  it("an invoice delivered before its subscription is retried (503) and then applied", async () => {
    const u = await user();
    const { events } = await subscribe(u);
    const invoice = events.find((e) => e.type === "invoice.paid")!;
    const early = await postEvent(webhook, invoice);
    expect(early.status).toBe(503);
    await deliverLikeStripe(webhook, events);
    expect(
      (await sql`select count(*)::int as n from public.payment_ledger l join public.subscriptions s
      on s.id = l.subscription_id where s.user_id = ${u.id}`)[0].n,
    ).toBe(1);
  });
});

describe("refusals and provider failures", () => {
  it("needs a user and a valid body", async () => {
    const u = await user();
    expect((await call(null, "/subscription", { interval: "month" })).status).toBe(401);
    const bad = await call(u, "/subscription", { interval: "weekly" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBeDefined();
    expect((await call(u, "/subscription", { interval: "month", price: "price_free" })).status).toBe(400);
    const portal = await call(u, "/portal");
    expect(portal.status).toBe(404);
    expect(portal.json.error.code).toBe("no_customer");
    expect(await sql`select 1 from public.billing_customers where user_id = ${u.id}`).toHaveLength(0);
  });

  it("a failing customer creation is a retryable 503 and stores nothing; the retry creates it once", async () => {
    const u = await user();
    double.failNext(1, { status: 500, path: /^\/v1\/customers$/ });
    const res = await call(u, "/subscription", { interval: "month" });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("payment_provider_unavailable");
    expect(await sql`select 1 from public.billing_customers where user_id = ${u.id}`).toHaveLength(0);
    expect((await call(u, "/subscription", { interval: "month" })).status).toBe(201);
    expect(await sql`select 1 from public.billing_customers where user_id = ${u.id}`).toHaveLength(1);
  });

  it("rate-limited price lookup and portal: 503; a missing price: 502", async () => {
    const u = await user();
    double.failNext(1, { status: 429, path: /^\/v1\/prices$/ });
    expect((await call(u, "/subscription", { interval: "month" })).status).toBe(503);
    const { events } = await subscribe(u);
    await deliverLikeStripe(webhook, events);
    double.failNext(1, { status: 500, path: /billing_portal/ });
    expect((await call(u, "/portal")).status).toBe(503);
    expect((await call(u, "/portal")).status).toBe(200);

    const keysGone = createPaymentsHandler({
      sql,
      provider: new StripePaymentProvider(
        createStripeClient({ secretKey: "sk_test_double", apiBase: double.url }),
        [],
      ),
      verify: jwtVerifierFromEnv({ JWT_SECRET: LOCAL_JWT_SECRET }),
      siteUrl: "http://127.0.0.1:3000",
      proLookupKeys: { month: "no_such_key", year: "no_such_key" },
      logger: quietLogger,
    });
    const v = await user();
    const res = await keysGone(
      new Request("http://localhost/payments/subscription", {
        method: "POST",
        headers: { authorization: `Bearer ${await tokenFor(v)}`, "content-type": "application/json" },
        body: JSON.stringify({ interval: "month" }),
      }),
    );
    expect(res.status).toBe(502);
  });
});
