// A Stripe API double on 127.0.0.1 that the real `stripe` SDK talks to (host/port/protocol options): the
// endpoints this backend calls, with Stripe's idempotency semantics (same key and body -> the same answer,
// replayed; same key, other body -> 400 idempotency_error), switches to fail with 429 / 500 or stall past
// the client's timeout, and a local Checkout page where a developer pays or cancels; paying sends signed
// webhooks in the order Stripe sends them. Invoice events carry no `payments` (as real Stripe's since
// 2025-03-31.basil): the webhook lists them with GET /v1/invoice_payments?invoice=…. Reused by `npm run stack` when STRIPE_SECRET_KEY is unset.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import * as o from "./objects.ts";
import { deliver } from "./sign.ts";

type Obj = Record<string, unknown>;

export interface StripeDoubleOptions {
  port?: number;
  /** Where paying on the local Checkout page sends its webhooks. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface StripeDouble {
  url: string;
  /** Failure switches: the next `count` API calls (to paths matching `path`, when given) answer `status`
   * (or stall for `stallMs`). */
  failNext(count: number, failure: { status?: 429 | 500; stallMs?: number; path?: RegExp }): void;
  /** API requests received (method, path, idempotency key, status). */
  requests: { method: string; path: string; key: string | undefined; status: number }[];
  sessions: Map<string, Obj>;
  paymentIntents: Map<string, Obj>;
  refunds: Map<string, Obj>;
  /** Pays a Checkout Session as a customer would; returns the events Stripe sends, in its order. */
  paySession(id: string): Obj[];
  customers: Map<string, Obj>;
  /** Customers deleted, in order (a second delete of the same id answers 404 and is not listed again). */
  deletedCustomers: string[];
  prices: Map<string, Obj>;
  subscriptions: Map<string, Obj>;
  portalSessions: Map<string, Obj>;
  /** Subscription invoices, as an expanded retrieve shows them (with `payments`). */
  invoices: Map<string, Obj>;
  /** InvoicePayments by id, listed by GET /v1/invoice_payments. */
  invoicePayments: Map<string, Obj>;
  /** The payment intent that paid an invoice (what refunds and disputes of it name). */
  paymentIntentOfInvoice(invoiceId: string): string;
  /** Pays a subscription-mode Checkout Session: the subscription starts; returns Stripe's events. */
  paySubscriptionSession(id: string): Obj[];
  /** The portal's "cancel at period end" for a subscription; returns the event. */
  cancelAtPeriodEnd(subscriptionId: string): Obj[];
  /** Time passes to the period end: a renewal is paid (or fails), or a cancelled subscription ends. */
  periodEnds(subscriptionId: string, outcome?: "paid" | "failed"): Obj[];
  /** Sends events to the webhook URL the double was started with (signed), recording the deliveries. */
  send(events: Obj[]): Promise<void>;
  /** Webhook deliveries made by the Checkout page: event type and the endpoint's status. */
  deliveries: { type: string; status: number }[];
  close(): Promise<void>;
}

/** Parses Stripe's form encoding (a[b][0][c]=v) into nested objects and arrays. */
export function parseForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return out;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.on("data", (d) => (s += d));
    req.on("end", () => resolve(s));
  });

const stripeError = (status: number, type: string, message: string, code?: string) => ({
  status,
  body: { error: { type, message, ...(code ? { code } : {}) } },
});

export async function startStripeDouble(options: StripeDoubleOptions = {}): Promise<StripeDouble> {
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const failures: { count: number; status?: 429 | 500; stallMs?: number; path?: RegExp } = { count: 0 };
  const sockets = new Set<Socket>();
  const charges = new Map<string, Obj>();

  const double: StripeDouble = {
    url: "",
    failNext(count, failure) {
      Object.assign(failures, {
        count,
        status: failure.status,
        stallMs: failure.stallMs,
        path: failure.path,
      });
    },
    customers: new Map(),
    deletedCustomers: [],
    prices: new Map(),
    subscriptions: new Map(),
    portalSessions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    paymentIntentOfInvoice(invoiceId) {
      const paid = [...double.invoicePayments.values()].find((p) =>
        p.invoice === invoiceId && p.status === "paid"
      );
      if (!paid) throw new Error(`invoice ${invoiceId} has no paid payment`);
      return String((paid.payment as Obj).payment_intent);
    },
    paySubscriptionSession(id) {
      const s = double.sessions.get(id);
      if (!s || s.status !== "open" || s.mode !== "subscription") {
        throw new Error(`session ${id} is not an open subscription checkout`);
      }
      const price = double.prices.get(String(s.price))!;
      const customerId = String(s.customer);
      const userId = ((s.metadata as Obj)?.user_id as string) ?? undefined;
      const sub = o.subscription({
        customer: customerId,
        price,
        status: "active",
        userId,
        periodStart: o.now(),
      });
      double.subscriptions.set(sub.id as string, sub);
      const pi = o.paymentIntent({
        bookingId: "",
        amount: Number(price.unit_amount),
        currency: String(price.currency),
        status: "succeeded",
      });
      pi.metadata = {};
      double.paymentIntents.set(pi.id as string, pi);
      const item = (sub.items as { data: Obj[] }).data[0];
      const inv = o.invoice({
        customer: customerId,
        subscription: sub.id as string,
        amount: Number(price.unit_amount),
        currency: String(price.currency),
        paid: true,
        billingReason: "subscription_create",
        periodStart: Number(item.current_period_start),
        periodEnd: Number(item.current_period_end),
        paymentIntent: pi.id as string,
      });
      sub.latest_invoice = inv.id;
      keepInvoice(inv);
      Object.assign(s, {
        status: "complete",
        payment_status: "paid",
        subscription: sub.id,
        invoice: inv.id,
        url: null,
      });
      return [
        o.event("customer.subscription.created", { ...sub, status: "incomplete" }, { created: tick() }),
        o.event("invoice.paid", o.webhookInvoice(inv), { created: tick() }),
        o.event("customer.subscription.updated", { ...sub }, { created: tick() }),
        o.event("checkout.session.completed", { ...s }, { created: tick() }),
      ];
    },
    cancelAtPeriodEnd(subscriptionId) {
      const sub = double.subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      const end = (sub.items as { data: Obj[] }).data[0].current_period_end;
      Object.assign(sub, { cancel_at_period_end: true, cancel_at: end, canceled_at: o.now() });
      return [o.event("customer.subscription.updated", { ...sub }, { created: tick() })];
    },
    periodEnds(subscriptionId, outcome = "paid") {
      const sub = double.subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      const item = (sub.items as { data: Obj[] }).data[0];
      const t = tick();
      if (sub.cancel_at_period_end) {
        Object.assign(sub, { status: "canceled", ended_at: item.current_period_end });
        return [o.event("customer.subscription.deleted", { ...sub }, { created: t })];
      }
      const price = item.price as Obj;
      const start = Number(item.current_period_end);
      const end = start + ((price.recurring as Obj).interval === "year" ? 365 : 30) * 86400;
      const pi = o.paymentIntent({
        bookingId: "",
        amount: Number(price.unit_amount),
        currency: String(price.currency),
        status: outcome === "paid" ? "succeeded" : "requires_payment_method",
      });
      pi.metadata = {};
      double.paymentIntents.set(pi.id as string, pi);
      const inv = o.invoice({
        customer: String(sub.customer),
        subscription: subscriptionId,
        amount: Number(price.unit_amount),
        currency: String(price.currency),
        paid: outcome === "paid",
        billingReason: "subscription_cycle",
        periodStart: start,
        periodEnd: end,
        paymentIntent: pi.id as string,
      });
      keepInvoice(inv);
      if (outcome === "paid") {
        Object.assign(item, { current_period_start: start, current_period_end: end });
        Object.assign(sub, { status: "active", latest_invoice: inv.id });
        return [
          o.event("invoice.paid", o.webhookInvoice(inv), { created: t }),
          o.event("customer.subscription.updated", { ...sub }, { created: t }),
        ];
      }
      Object.assign(sub, { status: "past_due", latest_invoice: inv.id });
      return [
        o.event("invoice.payment_failed", o.webhookInvoice(inv), { created: t }),
        o.event("customer.subscription.updated", { ...sub }, { created: t }),
      ];
    },
    async send(events) {
      if (!options.webhookUrl || !options.webhookSecret) throw new Error("the double has no webhook URL");
      for (const e of events) {
        const r = await deliver(options.webhookUrl, e, options.webhookSecret);
        double.deliveries.push({ type: String(e.type), status: r.status });
        await r.body?.cancel();
      }
    },
    requests: [],
    sessions: new Map(),
    paymentIntents: new Map(),
    refunds: new Map(),
    deliveries: [],
    paySession(id) {
      const s = double.sessions.get(id);
      if (!s || s.status !== "open") throw new Error(`session ${id} is not open`);
      const bookingId = (s.metadata as Obj).booking_id as string;
      const amount = Number(s.amount_total);
      const currency = String(s.currency);
      const pi = o.paymentIntent({ bookingId, amount, currency, status: "succeeded" });
      const ch = o.charge({ amount, currency, paymentIntent: pi.id as string });
      pi.latest_charge = ch.id;
      double.paymentIntents.set(pi.id as string, pi);
      charges.set(pi.id as string, ch);
      Object.assign(s, {
        status: "complete",
        payment_status: "paid",
        payment_intent: pi.id,
        url: null,
        customer_details: { email: s.customer_email ?? "customer@example.test", name: null, phone: null },
      });
      const t = o.now();
      return [
        o.event("payment_intent.created", { ...pi, status: "requires_payment_method", amount_received: 0 }, {
          created: t,
        }),
        o.event("charge.succeeded", ch, { created: t }),
        o.event("payment_intent.succeeded", pi, { created: t }),
        o.event("checkout.session.completed", { ...s }, { created: t }),
      ];
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  function keepInvoice(inv: Obj) {
    double.invoices.set(inv.id as string, inv);
    for (const p of (inv.payments as { data: Obj[] }).data) double.invoicePayments.set(p.id as string, p);
  }

  // Subscription events get strictly increasing `created` seconds (Stripe's order is then well defined).
  let clock = o.now();
  const tick = () => (clock = Math.max(clock + 1, o.now()));

  // The Pro prices, found by their lookup keys as the payments function asks for them.
  for (
    const p of [
      o.price({ lookupKey: o.PRO_LOOKUP_KEYS.month, interval: "month", amount: 900 }),
      o.price({ lookupKey: o.PRO_LOOKUP_KEYS.year, interval: "year", amount: 9000 }),
    ]
  ) double.prices.set(p.id as string, p);

  function api(method: string, path: string, params: Obj): { status: number; body: unknown } {
    let m: RegExpMatchArray | null;
    const missing = (kind: string, id: string) =>
      stripeError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing");
    if (method === "POST" && path === "/v1/customers") {
      const c = o.customer({ email: (params.email as string) ?? null });
      c.metadata = params.metadata ?? {};
      double.customers.set(c.id as string, c);
      return { status: 200, body: c };
    }
    if ((m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const c = double.customers.get(m[1]);
      if (!c || c.deleted) return missing("customer", m[1]);
      if (method === "GET") return { status: 200, body: c };
      if (method === "DELETE") {
        c.deleted = true;
        double.deletedCustomers.push(m[1]);
        for (const sub of double.subscriptions.values()) {
          if (sub.customer === m[1] && sub.status !== "canceled") {
            Object.assign(sub, { status: "canceled", ended_at: o.now() });
          }
        }
        return { status: 200, body: { id: m[1], object: "customer", deleted: true } };
      }
    }
    if (method === "GET" && path === "/v1/prices") {
      const keys = Object.values((params.lookup_keys as Obj) ?? {}).map(String);
      const data = [...double.prices.values()].filter((p) => keys.includes(String(p.lookup_key)) && p.active);
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/prices" } };
    }
    if (method === "GET" && path === "/v1/invoice_payments") {
      // Newest first, filtered by invoice and status, `limit` (default 10) per page.
      if (params.invoice !== undefined && !double.invoices.has(String(params.invoice))) {
        return missing("invoice", String(params.invoice));
      }
      const all = [...double.invoicePayments.values()].filter((p) =>
        (params.invoice === undefined || p.invoice === params.invoice) &&
        (params.status === undefined || p.status === params.status)
      ).reverse();
      const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10)));
      return {
        status: 200,
        body: {
          object: "list",
          data: all.slice(0, limit),
          has_more: all.length > limit,
          url: "/v1/invoice_payments",
        },
      };
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const c = double.customers.get(String(params.customer));
      if (!c || c.deleted) return missing("customer", String(params.customer));
      const id = o.stripeId("bps");
      const session = {
        id,
        object: "billing_portal.session",
        created: o.now(),
        customer: c.id,
        livemode: false,
        return_url: params.return_url ?? null,
        url: `${double.url}/portal/${id}`,
      };
      double.portalSessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === "POST" && path === "/v1/checkout/sessions" && params.mode === "subscription") {
      const item = ((params.line_items as Obj[]) ?? [])[0] as Obj | undefined;
      const price = double.prices.get(String(item?.price));
      if (!price) return missing("price", String(item?.price));
      const c = double.customers.get(String(params.customer));
      if (!c || c.deleted) return missing("customer", String(params.customer));
      const id = o.stripeId("cs_test");
      const session = o.checkoutSession({
        id,
        bookingId: "",
        amount: Number(price.unit_amount),
        currency: String(price.currency),
        url: `${double.url}/checkout/${id}`,
      });
      Object.assign(session, {
        mode: "subscription",
        customer: c.id,
        price: price.id,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        payment_intent: null,
        subscription: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
      });
      double.sessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const item = ((params.line_items as Obj[]) ?? [])[0] as Obj | undefined;
      const price = item?.price_data as Obj | undefined;
      if (!price?.currency || !price.unit_amount) {
        return stripeError(
          400,
          "invalid_request_error",
          "Missing required param: line_items[0][price_data].",
          "parameter_missing",
        );
      }
      const amount = Number(price.unit_amount) * Number(item!.quantity ?? 1);
      const id = o.stripeId("cs_test");
      const session = o.checkoutSession({
        id,
        bookingId: String((params.metadata as Obj)?.booking_id ?? ""),
        amount,
        currency: String(price.currency),
        customerEmail: (params.customer_email as string) ?? null,
        url: `${double.url}/checkout/${id}`,
      });
      Object.assign(session, {
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        success_url: params.success_url,
        cancel_url: params.cancel_url,
      });
      double.sessions.set(id, session);
      return { status: 200, body: session };
    }
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/))) {
      const s = double.sessions.get(m[1]);
      if (!s) {
        return stripeError(
          404,
          "invalid_request_error",
          `No such checkout.session: '${m[1]}'`,
          "resource_missing",
        );
      }
      if (method === "GET" && !m[2]) return { status: 200, body: s };
      if (method === "POST" && m[2]) {
        if (s.status !== "open") {
          return stripeError(
            400,
            "invalid_request_error",
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
          );
        }
        Object.assign(s, { status: "expired", url: null });
        return { status: 200, body: s };
      }
    }
    if (method === "POST" && path === "/v1/payment_intents") {
      if (!params.amount || !params.currency) {
        return stripeError(
          400,
          "invalid_request_error",
          "Missing required param: amount.",
          "parameter_missing",
        );
      }
      const pi = o.paymentIntent({
        bookingId: (params.metadata as Obj)?.booking_id as string,
        amount: Number(params.amount),
        currency: String(params.currency),
      });
      pi.metadata = params.metadata ?? {};
      double.paymentIntents.set(pi.id as string, pi);
      return { status: 200, body: pi };
    }
    if (method === "POST" && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/cancel$/))) {
      const pi = double.paymentIntents.get(m[1]);
      if (!pi) {
        return stripeError(
          404,
          "invalid_request_error",
          `No such payment_intent: '${m[1]}'`,
          "resource_missing",
        );
      }
      if (pi.status === "succeeded") {
        return stripeError(
          400,
          "invalid_request_error",
          "You cannot cancel this PaymentIntent because it has a status of succeeded.",
          "payment_intent_unexpected_state",
        );
      }
      Object.assign(pi, { status: "canceled", cancellation_reason: params.cancellation_reason ?? null });
      return { status: 200, body: pi };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const pi = double.paymentIntents.get(String(params.payment_intent));
      if (!pi || pi.status !== "succeeded") {
        return stripeError(
          400,
          "invalid_request_error",
          "This PaymentIntent does not have a successful charge to refund.",
          "charge_not_refundable",
        );
      }
      const already = [...double.refunds.values()].filter((r) => r.payment_intent === pi.id)
        .reduce((s, r) => s + Number(r.amount), 0);
      const amount = params.amount ? Number(params.amount) : Number(pi.amount_received) - already;
      if (amount <= 0 || already + amount > Number(pi.amount_received)) {
        return stripeError(
          400,
          "invalid_request_error",
          `Refund amount (${amount}) is greater than unrefunded amount on charge`,
          "amount_too_large",
        );
      }
      const r = o.refund({
        amount,
        currency: String(pi.currency),
        paymentIntent: pi.id as string,
        charge: String(pi.latest_charge ?? ""),
        bookingId: (params.metadata as Obj)?.booking_id as string,
      });
      r.metadata = params.metadata ?? {};
      double.refunds.set(r.id as string, r);
      return { status: 200, body: r };
    }
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  async function checkoutPage(req: IncomingMessage, res: ServerResponse, id: string, action?: string) {
    const s = double.sessions.get(id);
    if (!s) return res.writeHead(404, { "content-type": "text/plain" }).end("No such Checkout Session");
    if (req.method === "POST" && action === "pay" && s.status === "open") {
      const events = s.mode === "subscription" ? double.paySubscriptionSession(id) : double.paySession(id);
      if (options.webhookUrl && options.webhookSecret) {
        for (const e of events) {
          const r = await deliver(options.webhookUrl, e, options.webhookSecret);
          double.deliveries.push({ type: String(e.type), status: r.status });
          await r.body?.cancel();
        }
      }
      return res.writeHead(303, { location: String(s.success_url) }).end();
    }
    if (req.method === "POST" && action === "cancel") {
      return res.writeHead(303, { location: String(s.cancel_url) }).end();
    }
    const amount = new Intl.NumberFormat("en", {
      style: "currency",
      currency: String(s.currency).toUpperCase(),
    });
    const digits = amount.resolvedOptions().maximumFractionDigits ?? 2;
    const total = amount.format(Number(s.amount_total) / 10 ** digits);
    const open = s.status === "open";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local Checkout</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head>
<body><h1>Local Checkout (Stripe double)</h1>
<p>Session <code>${id}</code>: <strong>${total}</strong>, status <strong>${s.status}</strong>.</p>
${
      open
        ? `<form method="post" action="/checkout/${id}/pay" style="display:inline"><button>Pay ${total}</button></form>
<form method="post" action="/checkout/${id}/cancel" style="display:inline"><button>Cancel</button></form>`
        : "<p>This session can no longer be paid.</p>"
    }
<p><small>Nothing leaves this machine: paying sends signed webhooks to the local stripe-webhook function.</small></p>
</body></html>`);
  }

  // The customer portal: the customer's subscriptions, each with "cancel at period end".
  async function portalPage(req: IncomingMessage, res: ServerResponse, id: string, subscriptionId?: string) {
    const p = double.portalSessions.get(id);
    if (!p) return res.writeHead(404, { "content-type": "text/plain" }).end("No such portal session");
    if (req.method === "POST" && subscriptionId) {
      const sub = double.subscriptions.get(subscriptionId);
      if (!sub || sub.customer !== p.customer) {
        return res.writeHead(404, { "content-type": "text/plain" }).end("No such subscription");
      }
      const events = double.cancelAtPeriodEnd(subscriptionId);
      if (options.webhookUrl && options.webhookSecret) await double.send(events);
      return res.writeHead(303, { location: String(p.return_url ?? "/") }).end();
    }
    const subs = [...double.subscriptions.values()].filter((x) => x.customer === p.customer);
    const rows = subs.map((x) => {
      const end = new Date(Number((x.items as { data: Obj[] }).data[0].current_period_end) * 1000)
        .toISOString().slice(0, 10);
      const action = x.status === "active" && !x.cancel_at_period_end
        ? `<form method="post" action="/portal/${id}/cancel/${x.id}"><button>Cancel at period end (${end})</button></form>`
        : `<p>${x.cancel_at_period_end ? `Ends on ${end}` : ""}</p>`;
      return `<li><code>${x.id}</code>: <strong>${x.status}</strong>${action}</li>`;
    }).join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local customer portal</title></head>
<body><h1>Local customer portal (Stripe double)</h1><ul>${
      rows || "<li>No subscriptions.</li>"
    }</ul></body></html>`);
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const portal = url.pathname.match(/^\/portal\/([^/]+)(?:\/cancel\/([^/]+))?$/);
    if (portal) {
      await readBody(req);
      return portalPage(req, res, portal[1], portal[2]);
    }
    const page = url.pathname.match(/^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/);
    if (page) {
      await readBody(req);
      return checkoutPage(req, res, page[1], page[2]);
    }
    const body = await readBody(req);
    const key = req.headers["idempotency-key"] as string | undefined;
    const method = req.method ?? "GET";
    const answer = (status: number, json: unknown, replayed = false) => {
      double.requests.push({ method, path: url.pathname, key, status });
      res.writeHead(status, {
        "content-type": "application/json",
        "request-id": o.stripeId("req"),
        ...(key ? { "idempotency-key": key } : {}),
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
        "stripe-version": String(req.headers["stripe-version"] ?? o.STRIPE_API_VERSION),
      }).end(JSON.stringify(json));
    };
    if (!/^Bearer (sk|rk)_test_/.test(String(req.headers.authorization ?? ""))) {
      const e = stripeError(401, "invalid_request_error", "Invalid API Key provided");
      return answer(e.status, e.body);
    }
    if (failures.count > 0 && (!failures.path || failures.path.test(url.pathname))) {
      failures.count--;
      if (failures.stallMs) {
        await new Promise((r) => setTimeout(r, failures.stallMs));
        if (res.destroyed) return;
      }
      if (failures.status === 429) {
        const e = stripeError(
          429,
          "invalid_request_error",
          "Too many requests hit the API too quickly.",
          "rate_limit",
        );
        return answer(e.status, e.body);
      }
      if (failures.status === 500 || !failures.stallMs) {
        const e = stripeError(500, "api_error", "Something went wrong on Stripe's end.");
        return answer(e.status, e.body);
      }
    }
    const fingerprint = createHash("sha256").update(`${method} ${url.pathname}\n${body}`).digest("hex");
    if (method === "POST" && key) {
      const seen = idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          const e = stripeError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          );
          return answer(e.status, e.body);
        }
        return answer(seen.status, seen.body, true);
      }
    }
    const result = api(method, url.pathname, parseForm(method === "GET" ? url.search.slice(1) : body));
    // Stripe stores the answer of a key once the request executed (5xx are not stored: safe to retry).
    if (method === "POST" && key && result.status < 500) {
      idempotency.set(key, { fingerprint, status: result.status, body: result.body });
    }
    return answer(result.status, result.body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  double.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return double;
}
