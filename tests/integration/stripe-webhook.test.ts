// The stripe-webhook handler against the real database, with events signed by the Stripe SDK's own test
// helper: signatures, each handled type, exactly-once under concurrent redelivery, order independence,
// rollback on a database failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { testSql } from "../support/db.ts";
import {
  book,
  deliverLikeStripe,
  makeOffer,
  postEvent,
  snapshot,
  WEBHOOK_SECRET,
  webhookHandler,
} from "../support/payments.ts";
import * as o from "../support/stripe/objects.ts";
import * as sc from "../support/stripe/scenarios.ts";

let sql: Sql;
let handler: ReturnType<typeof webhookHandler>;
let offerId: string;

beforeAll(async () => {
  sql = testSql(12);
  handler = webhookHandler(sql);
  offerId = await makeOffer(sql, { capacity: 10_000 });
});
afterAll(async () => {
  await sql.end();
});

const processed = (id: string) =>
  sql`select result from private.payment_webhook_events where event_id = ${id}`;
const status = async (id: string) =>
  (await sql`select status from public.bookings where id = ${id}`)[0].status;
const deliverAll = (events: unknown[]) => deliverLikeStripe(handler, events);

describe("signature", () => {
  it("refuses a missing, forged or stale signature with 400 and writes nothing", async () => {
    const b = await book(sql, offerId);
    const [paid] = sc.checkoutPaid(b.id, b.amount, b.currency).events;
    const missing = await postEvent(handler, paid, { signature: null });
    const forged = await postEvent(handler, paid, { secret: "whsec_not_ours_000000000000" });
    const stale = await postEvent(handler, paid, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    for (const res of [missing, forged, stale]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_signature");
    }
    expect(await processed(paid.id as string)).toHaveLength(0);
    expect(await status(b.id)).toBe("pending");
  });

  it("accepts a body whose signature was made over other bytes? no: one changed byte is refused", async () => {
    const b = await book(sql, offerId);
    const [paid] = sc.checkoutPaid(b.id, b.amount, b.currency).events;
    const payload = JSON.stringify(paid);
    const { signedHeader } = await import("../support/stripe/sign.ts");
    const header = await signedHeader(payload, WEBHOOK_SECRET);
    const res = await handler(
      new Request("http://localhost/stripe-webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": header },
        body: payload.replace(String(b.amount), String(b.amount - 1)),
      }),
    );
    expect(res.status).toBe(400);
  });

  it("accepts either secret while rotating", async () => {
    const rotating = webhookHandler(sql, ["whsec_old_secret_000000000000", WEBHOOK_SECRET]);
    const b = await book(sql, offerId);
    const [paid] = sc.checkoutPaid(b.id, b.amount, b.currency).events;
    const res = await postEvent(rotating, paid, { secret: "whsec_old_secret_000000000000" });
    expect(res.status).toBe(200);
  });
});

describe("each handled type", () => {
  it("checkout paid: paid, one charge, confirmation and receipt once", async () => {
    const b = await book(sql, offerId);
    const { events } = sc.checkoutPaid(b.id, b.amount, b.currency);
    await deliverAll(events);
    const s = await snapshot(sql, b.id);
    expect(s.booking).toMatchObject({
      status: "paid",
      paid_minor: b.amount,
      refunded_minor: 0,
      seats_held: true,
    });
    expect(s.ledger).toHaveLength(1);
    expect(s.emails.map((e) => e.template).sort()).toEqual(["booking_confirmation", "payment_receipt"]);
    expect((await processed(events[1].id as string))[0].result).toBe("ignored"); // charge.succeeded
  });

  it("async payment: completed unpaid links, async_payment_succeeded pays", async () => {
    const b = await book(sql, offerId);
    const pi = o.stripeId("pi");
    const cs = o.stripeId("cs_test");
    const common = { id: cs, bookingId: b.id, amount: b.amount, currency: b.currency, paymentIntent: pi };
    await deliverAll([
      o.event("checkout.session.completed", o.checkoutSession({ ...common, status: "complete" })),
    ]);
    expect(await status(b.id)).toBe("pending");
    await deliverAll([
      o.event(
        "checkout.session.async_payment_succeeded",
        o.checkoutSession({ ...common, status: "complete", paymentStatus: "paid" }),
      ),
    ]);
    expect(await status(b.id)).toBe("paid");
  });

  it("async payment failed: failed, seats released, one payment_failed email", async () => {
    const b = await book(sql, offerId);
    await deliverAll(sc.asyncFailed(b.id, b.amount, b.currency));
    const s = await snapshot(sql, b.id);
    expect(s.booking).toMatchObject({ status: "failed", seats_held: false });
    expect(s.emails.map((e) => e.template)).toEqual(["payment_failed"]);
  });

  it("checkout expired: expired, seats released", async () => {
    const b = await book(sql, offerId);
    await deliverAll(sc.checkoutExpired(b.id, b.amount, b.currency));
    expect((await snapshot(sql, b.id)).booking).toMatchObject({ status: "expired", seats_held: false });
  });

  it("payment intent failed then canceled: an email for the decline, then cancelled", async () => {
    const b = await book(sql, offerId);
    const [failed, canceled] = sc.intentFailedThenCanceled(b.id, b.amount, b.currency);
    await deliverAll([failed]);
    expect(await status(b.id)).toBe("pending");
    await deliverAll([canceled]);
    const s = await snapshot(sql, b.id);
    expect(s.booking).toMatchObject({ status: "cancelled", seats_held: false });
    expect(s.emails.map((e) => e.template)).toEqual(["payment_failed"]);
  });

  it("partial then full refund: partially_refunded, refunded, one refund email each", async () => {
    const b = await book(sql, offerId);
    const { paid, events } = sc.checkoutPaid(b.id, b.amount, b.currency);
    await deliverAll(events);
    const first = sc.refunded(paid, 1000);
    await deliverAll(first.events);
    expect((await snapshot(sql, b.id)).booking).toMatchObject({
      status: "partially_refunded",
      refunded_minor: 1000,
    });
    const second = sc.refunded(paid, b.amount - 1000, [first.refund]);
    await deliverAll(second.events);
    const s = await snapshot(sql, b.id);
    expect(s.booking).toMatchObject({ status: "refunded", refunded_minor: b.amount, seats_held: false });
    expect(s.ledger.filter((l) => l.kind === "refund")).toHaveLength(2);
    expect(s.emails.filter((e) => e.template === "refund")).toHaveLength(2);
  });

  it("dispute created then won: disputed, then paid; lost: refunded; an email each", async () => {
    for (const outcome of ["won", "lost"] as const) {
      const b = await book(sql, offerId);
      const { paid, events } = sc.checkoutPaid(b.id, b.amount, b.currency);
      await deliverAll(events);
      const [created, closed] = sc.disputed(paid, outcome);
      await deliverAll([created]);
      expect(await status(b.id)).toBe("disputed");
      await deliverAll([closed]);
      const s = await snapshot(sql, b.id);
      expect(s.booking.status).toBe(outcome === "won" ? "paid" : "refunded");
      expect(s.emails.filter((e) => e.template === "dispute_notice")).toHaveLength(2);
    }
  });

  it("acknowledges an unknown type and records it as ignored", async () => {
    const e = o.event("customer.created", { id: o.stripeId("cus"), object: "customer" });
    const res = await postEvent(handler, e);
    expect(res.status).toBe(200);
    expect((await res.json()).result).toBe("ignored");
    expect((await processed(e.id as string))[0].result).toBe("ignored");
  });

  it("keeps the status history with the causing event ids", async () => {
    const b = await book(sql, offerId);
    const { events } = sc.checkoutPaid(b.id, b.amount, b.currency);
    await deliverAll(events);
    const history = await sql`select from_status, to_status, cause_event_id from public.booking_status_history
      where booking_id = ${b.id} order by id`;
    expect(history.map((h) => h.to_status)).toEqual(["pending", "paid"]);
    expect(history[1].cause_event_id).toBe(events[0].id);
  });
});

describe("exactly once", () => {
  it("the same event delivered 10 times concurrently applies once", async () => {
    const b = await book(sql, offerId);
    const [succeeded] = sc.checkoutPaid(b.id, b.amount, b.currency).events;
    const answers = await Promise.all(Array.from({ length: 10 }, () => postEvent(handler, succeeded)));
    const results = await Promise.all(answers.map(async (r) => [r.status, (await r.json()).result]));
    expect(results.filter(([s]) => s === 200)).toHaveLength(10);
    expect(results.filter(([, r]) => r === "applied")).toHaveLength(1);
    const s = await snapshot(sql, b.id);
    expect(s.ledger).toHaveLength(1);
    expect(s.emails).toHaveLength(2);
    expect(await sql`select 1 from public.booking_status_history where booking_id = ${b.id}`).toHaveLength(2);
  });

  it("a database failure mid-event leaves nothing; the retry applies once", async () => {
    const b = await book(sql, offerId);
    const [succeeded] = sc.checkoutPaid(b.id, b.amount, b.currency).events;
    // The outbox insert (late in the transaction, after the ledger row) fails for this user.
    await sql.unsafe(
      `create function private.test_fail_outbox() returns trigger language plpgsql set search_path = ''
      as $$ begin if new.user_id = '${b.user.id}' then raise exception 'disk full (test)'; end if; return new; end $$`,
    );
    await sql`create trigger test_fail_outbox before insert on public.email_outbox
      for each row execute function private.test_fail_outbox()`;
    let res: Response;
    try {
      res = await postEvent(handler, succeeded);
    } finally {
      await sql`drop trigger test_fail_outbox on public.email_outbox`;
      await sql`drop function private.test_fail_outbox()`;
    }
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe("internal_error");
    expect(await processed(succeeded.id as string)).toHaveLength(0);
    const before = await snapshot(sql, b.id);
    expect(before.booking.status).toBe("pending");
    expect(before.ledger).toHaveLength(0);
    expect(before.emails).toHaveLength(0);
    expect((await postEvent(handler, succeeded)).status).toBe(200);
    expect((await postEvent(handler, succeeded)).status).toBe(200);
    const after = await snapshot(sql, b.id);
    expect(after.booking.status).toBe("paid");
    expect(after.ledger).toHaveLength(1);
    expect(after.emails).toHaveLength(2);
  });
});

describe("order independence", () => {
  function shuffle<T>(items: T[], seed: number): T[] {
    const a = [...items];
    let s = seed;
    for (let i = a.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  async function scenario(kind: string) {
    const b = await book(sql, offerId);
    const { paid, events } = sc.checkoutPaid(b.id, b.amount, b.currency, o.stripeId("cs_test"));
    const extra = kind === "refund"
      ? sc.refunded(paid, 1500).events
      : kind === "dispute"
      ? sc.disputed(paid, "lost")
      : sc.checkoutExpired(b.id, b.amount, b.currency, paid.sessionId);
    return { b, events: [...events, ...extra] };
  }

  for (const kind of ["refund", "dispute", "expired-after-paid"]) {
    it(`${kind}: every shuffled order ends as the in-order delivery`, async () => {
      const inOrder = await scenario(kind);
      await deliverAll(inOrder.events);
      const expected = await snapshot(sql, inOrder.b.id);
      for (let seed = 1; seed <= 6; seed++) {
        const run = await scenario(kind);
        const order = seed === 1 ? [...run.events].reverse() : shuffle(run.events, seed);
        const deliveries = await deliverAll(order);
        expect(deliveries).toBeGreaterThanOrEqual(order.length);
        const got = await snapshot(sql, run.b.id);
        expect(got.booking).toEqual(expected.booking);
        expect(got.ledger.map((l) => [l.kind, l.amount_minor])).toEqual(
          expected.ledger.map((l) => [l.kind, l.amount_minor]),
        );
        expect(got.emails.map((e) => e.template).sort()).toEqual(
          expected.emails.map((e) => e.template).sort(),
        );
      }
    });
  }
});
