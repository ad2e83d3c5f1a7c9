// The replay storm: 200 distinct events over 40 bookings, each delivered 5 times, shuffled, 50 in flight,
// non-2xx answers redelivered later (as Stripe does). Every booking must end exactly as its twin that got
// the same kind of events once, in order: same status and money, one ledger row per money movement, one
// email per effect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { testSql } from "../support/db.ts";
import {
  book,
  deliverLikeStripe,
  makeOffer,
  postEvent,
  snapshot,
  webhookHandler,
} from "../support/payments.ts";
import * as sc from "../support/stripe/scenarios.ts";

let sql: Sql;
beforeAll(() => {
  sql = testSql(20);
});
afterAll(async () => {
  await sql.end();
});

type Obj = Record<string, unknown>;
/** Five events per booking, four shapes of payment life. */
function eventsFor(kind: number, b: { id: string; amount: number; currency: string }): Obj[] {
  const { paid, events } = sc.checkoutPaid(b.id, b.amount, b.currency);
  switch (kind % 4) {
    case 0:
      return [...events, ...sc.refunded(paid, 1000).events];
    case 1:
      return [...events, ...sc.disputed(paid, "won")];
    case 2:
      return [...events, ...sc.disputed(paid, "lost")];
    default:
      return [...events, ...sc.refunded(paid, b.amount).events];
  }
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const normalize = (s: Awaited<ReturnType<typeof snapshot>>) => ({
  booking: s.booking,
  ledger: s.ledger.map((l) => `${l.kind}:${l.amount_minor}`).sort(),
  emails: s.emails.map((e) => e.template).sort(),
});

describe("replay storm", () => {
  it("200 events x 5 deliveries, shuffled, 50 in flight: the in-order result, once", async () => {
    const handler = webhookHandler(sql);
    const offerId = await makeOffer(sql, { price: 4500 });
    const twins = [];
    const stormBookings = [];
    for (let i = 0; i < 40; i++) {
      twins.push(await book(sql, offerId, 1 + (i % 3)));
      stormBookings.push(await book(sql, offerId, 1 + (i % 3)));
    }
    // The reference: each twin's events once, in order.
    for (const [i, t] of twins.entries()) await deliverLikeStripe(handler, eventsFor(i, t));

    const events = stormBookings.flatMap((b, i) => eventsFor(i, b));
    expect(new Set(events.map((e) => e.id)).size).toBe(200);
    const queue = shuffle(events.flatMap((e) => Array.from({ length: 5 }, () => e)));
    const results: Record<string, number> = {};
    let redelivered = 0;
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const res = await postEvent(handler, e);
        const body = await res.json();
        const key = res.ok ? body.result : String(res.status);
        results[key] = (results[key] ?? 0) + 1;
        if (!res.ok) {
          expect(res.status).toBe(503); // not linked yet: Stripe delivers it again later
          redelivered++;
          queue.push(e);
        }
      }
    }));
    expect(results.applied + (results.ignored ?? 0)).toBe(200);

    const [{ n }] = await sql`select count(*)::int as n from private.payment_webhook_events
      where event_id in ${sql(events.map((e) => e.id as string))}`;
    expect(n).toBe(200);
    for (const [i, b] of stormBookings.entries()) {
      expect(normalize(await snapshot(sql, b.id)), `booking ${i}`).toEqual(
        normalize(await snapshot(sql, twins[i].id)),
      );
    }
    // One ledger row per money movement: charge + refund, charge + dispute + reversal / loss.
    const [{ rows }] = await sql`select count(*)::int as rows from public.payment_ledger
      where booking_id in ${sql(stormBookings.map((b) => b.id))}`;
    expect(rows).toBe(10 * 2 + 10 * 3 + 10 * 3 + 10 * 2);
    const [{ emails }] = await sql`select count(*)::int as emails from public.email_outbox e
      join public.bookings b on b.user_id = e.user_id where b.id in ${sql(stormBookings.map((b) => b.id))}
      and e.template <> 'welcome'`;
    // confirmation + receipt each; + refund (20) or two dispute notices (20 x 2).
    expect(emails).toBe(40 * 2 + 20 + 40);
    console.log(`storm: ${JSON.stringify(results)}, ${redelivered} redeliveries of not-yet-linked events`);
  });
});
