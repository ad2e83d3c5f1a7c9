// Helpers for payments tests: offers, bookings made the way the payments function makes them, the
// webhook handler wired to the real SDK, and state snapshots to compare.
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import { createStripeWebhookHandler } from "../../edge-functions/stripe-webhook/handler.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { createUser, type TestUser } from "./db.ts";
import { signedHeader } from "./stripe/sign.ts";

export const WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnop";
export const quietLogger = createLogger({}, () => {});

/** The webhook function's handler. `apiBase`: the Stripe double it asks for what payloads leave out (an
 * invoice's payments); the default reaches nothing, for tests whose events need no Stripe call. */
export function webhookHandler(sql: Sql, secrets = [WEBHOOK_SECRET], apiBase = "http://127.0.0.1:9") {
  const stripe = createStripeClient({ secretKey: "sk_test_webhook_only", apiBase, maxNetworkRetries: 0 });
  return createStripeWebhookHandler({
    sql,
    provider: new StripePaymentProvider(stripe, secrets),
    logger: quietLogger,
  });
}

export async function postEvent(
  handler: (req: Request) => Promise<Response>,
  event: unknown,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<Response> {
  const payload = JSON.stringify(event);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature = options.signature === undefined
    ? await signedHeader(payload, options.secret ?? WEBHOOK_SECRET, options.timestamp)
    : options.signature;
  if (signature !== null) headers["stripe-signature"] = signature;
  return await handler(
    new Request("http://localhost/stripe-webhook", { method: "POST", headers, body: payload }),
  );
}

/** Delivers each event once, then again (later, after the others) while it is not acknowledged: what
 * Stripe does with a non-2xx answer. Returns how many deliveries were needed. */
export async function deliverLikeStripe(
  handler: (req: Request) => Promise<Response>,
  events: unknown[],
  maxRounds = 20,
): Promise<number> {
  let queue = [...events];
  let deliveries = 0;
  for (let round = 0; queue.length > 0; round++) {
    if (round === maxRounds) throw new Error(`${queue.length} events never acknowledged`);
    const retry: unknown[] = [];
    for (const e of queue) {
      const res = await postEvent(handler, e);
      await res.body?.cancel();
      deliveries++;
      if (!res.ok) retry.push(e);
    }
    queue = retry;
  }
  return deliveries;
}

export async function makeOffer(
  sql: Sql,
  o: { price?: number; currency?: string; capacity?: number | null } = {},
) {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into public.offers (title, destination, price_per_traveller_minor, currency, capacity)
    values ('Sunset sailing on the Tagus', 'Lisbon', ${o.price ?? 4500}, ${o.currency ?? "EUR"}, ${
    o.capacity ?? null
  })
    returning id`;
  return id;
}

export interface Booked {
  id: string;
  user: TestUser;
  amount: number;
  currency: string;
  offerId: string;
}

export async function book(sql: Sql, offerId: string, travellers = 2, user?: TestUser): Promise<Booked> {
  const u = user ?? await createUser(sql, { metadata: { display_name: "Ada" } });
  const [r] = await sql<{ booking_id: string; error_code: string | null }[]>`
    select * from private.create_booking(${u.id}, ${offerId}, ${travellers})`;
  if (!r.booking_id) throw new Error(`booking refused: ${r.error_code}`);
  const [b] = await sql<{ amount_minor: string; currency: string }[]>`
    select amount_minor, currency from public.bookings where id = ${r.booking_id}`;
  return { id: r.booking_id, user: u, amount: Number(b.amount_minor), currency: b.currency, offerId };
}

/** Everything a booking's payment changed: status, money, ledger rows, history targets, emails. */
export async function snapshot(sql: Sql, bookingId: string) {
  const [b] =
    await sql`select status, paid_minor::int, refunded_minor::int, seats_held from public.bookings where id = ${bookingId}`;
  const ledger = await sql`select kind, provider_object_id, amount_minor::int from public.payment_ledger
    where booking_id = ${bookingId} order by kind, provider_object_id`;
  const emails = await sql`select e.template, e.dedupe_key from public.email_outbox e
    join public.bookings k on k.user_id = e.user_id where k.id = ${bookingId} and e.template <> 'welcome'
    order by e.dedupe_key`;
  return { booking: b, ledger: [...ledger], emails: [...emails] };
}
