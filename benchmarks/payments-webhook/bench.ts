// stripe-webhook benchmark (not a test): signed Stripe events through the Deno-served function against the
// real database (signature check, parse, one transaction: processed-event row, ledger, status derivation,
// history, emails), beside a baseline that inserts the same rows with plain SQL, in the same run.
// Target: at least 300 events/s and p95 under 50 ms on this machine.
//   deno run -A --config edge-functions/deno.json benchmarks/payments-webhook/bench.ts --db <postgres url>
import postgres from "postgres";
import * as sc from "../../tests/support/stripe/scenarios.ts";
import { signedHeader } from "../../tests/support/stripe/sign.ts";
import { startBenchFunctionsServer } from "../support/functions-server.ts";

const dbUrl = Deno.args[Deno.args.indexOf("--db") + 1];
const sql = postgres(dbUrl, { prepare: false, max: 20, onnotice: () => {} });
const SECRET = "whsec_bench_0123456789abcdefghijklmnop";
const BOOKINGS = 600;
const CONCURRENCY = 16;

// A throwaway database: lift the booking rate limit so only the webhook's work is measured.
await sql`update private.settings set value = '1000000' where key = 'booking_rate_per_minute'`;
// Bookings of 60 users on one unlimited offer, made the way the payments function makes them.
const [{ id: offerId }] =
  await sql`insert into public.offers (title, destination, price_per_traveller_minor, currency)
  values ('Bench tour', 'Lisbon', 4500, 'EUR') returning id`;
const users: string[] = [];
for (let i = 0; i < 60; i++) {
  const id = crypto.randomUUID();
  await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
      email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated',
      ${`bench${i}@example.test`}, '', now(), '{"provider":"email"}', '{"display_name":"Bench"}', now(), now(),
      '', '', '', '')`;
  users.push(id);
}
async function makeBookings(n: number) {
  const out: { id: string; amount: number }[] = [];
  for (let i = 0; i < n; i++) {
    const [r] = await sql`select booking_id from private.create_booking(${
      users[i % users.length]
    }, ${offerId}, 2)`;
    out.push({ id: r.booking_id, amount: 9000 });
  }
  return out;
}
// Five events per booking, in Stripe's order: payment_intent.succeeded, charge.succeeded (ignored),
// checkout.session.completed (duplicate charge: a no-op), charge.refunded, refund.created (same refund).
async function signedEvents(bookings: { id: string; amount: number }[]) {
  return await Promise.all(bookings.map(async (b) => {
    const { paid, events } = sc.checkoutPaid(b.id, b.amount, "EUR");
    const all = [...events, ...sc.refunded(paid, 1500).events];
    return await Promise.all(all.map(async (e) => {
      const body = JSON.stringify(e);
      return { body, signature: await signedHeader(body, SECRET) };
    }));
  }));
}

const functions = await startBenchFunctionsServer({
  env: {
    SUPABASE_DB_URL: dbUrl,
    SUPABASE_ANON_KEY: "x".repeat(40),
    SUPABASE_SERVICE_ROLE_KEY: "x".repeat(40),
    JWT_SECRET: "super-secret-jwt-token-with-at-least-32-characters-long",
    SEND_EMAIL_HOOK_SECRET: "v1,whsec_dHJpcG1hc3Rlci1sb2NhbC1zZW5kLWVtYWlsLWhvb2s=",
    EMAIL_PROVIDER: "mailbox",
    MAILBOX_DIR: "/tmp",
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: "http://127.0.0.1:9",
  },
});
const server = functions.process;
const port = functions.port;
const url = `http://127.0.0.1:${port}/functions/v1/stripe-webhook`;

async function post(e: { body: string; signature: string }): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": e.signature },
    body: e.body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  return performance.now() - t0;
}

/** Runs each booking's events in order; `concurrency` bookings at a time. Returns latencies and wall ms. */
async function run(
  perBooking: unknown[][],
  concurrency: number,
  one: (e: never) => Promise<number>,
): Promise<{ lat: number[]; wall: number }> {
  const lat: number[] = [];
  const queue = [...perBooking];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let b = queue.shift(); b; b = queue.shift()) for (const e of b) lat.push(await one(e as never));
  }));
  return { lat, wall: performance.now() - t0 };
}

// Baseline: the same rows, inserted with plain SQL in one transaction per event, no function.
type Raw = {
  event: string;
  type: string;
  booking: string;
  ledger?: [string, string, number];
  email?: string;
};
function rawRows(perBooking: { body: string }[][]): Raw[][] {
  return perBooking.map((events) =>
    events.map(({ body }) => {
      const e = JSON.parse(body);
      const o = e.data.object;
      const booking = o.metadata?.booking_id ?? "";
      const raw: Raw = { event: e.id, type: e.type, booking };
      if (e.type === "payment_intent.succeeded") {
        raw.ledger = ["charge", o.id, o.amount_received];
        raw.email = "payment_receipt";
      }
      if (e.type === "refund.created") {
        raw.ledger = ["refund", o.id, -o.amount];
        raw.email = "refund";
      }
      return raw;
    })
  );
}
async function rawInsert(bookingIds: string[], rows: Raw[][]) {
  rows.forEach((events, i) => events.forEach((r) => (r.booking = bookingIds[i])));
  return await run(rows, CONCURRENCY, async (r: Raw) => {
    const t0 = performance.now();
    await sql.begin(async (tx) => {
      await tx`insert into private.payment_webhook_events (provider, event_id, event_type, event_created, result, booking_id)
        values ('stripe', ${"raw_" + r.event}, ${r.type}, now(), 'applied', ${r.booking})`;
      if (r.ledger) {
        await tx`insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
          values (${r.booking}, 'raw', ${r.ledger[0]}, ${r.ledger[1]}, ${
          r.ledger[2]
        }, 'EUR', ${r.event}, now())`;
        await tx`insert into public.email_outbox (dedupe_key, template, to_email, data)
          values (${"raw:" + r.event}, ${r.email!}, 'bench@example.test', '{}'::jsonb)`;
      }
    });
    return performance.now() - t0;
  });
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const warm = await signedEvents(await makeBookings(40));
await run(warm, 4, post); // JIT, pools, plan caches

const bookings = await makeBookings(BOOKINGS);
const events = await signedEvents(bookings);
const half = BOOKINGS / 6;
const sequential = await run(events.slice(0, half), 1, post);
const concurrent = await run(events.slice(half), CONCURRENCY, post);
const baselineBookings = await makeBookings(BOOKINGS - half);
const baseline = await rawInsert(baselineBookings.map((b) => b.id), rawRows(events.slice(half)));

const [{ ledger, emails }] = await sql`select
  (select count(*)::int from public.payment_ledger where provider = 'stripe') as ledger,
  (select count(*)::int from public.email_outbox where template in ('payment_receipt', 'refund', 'booking_confirmation')
    and dedupe_key not like 'raw:%') as emails`;

const row = (name: string, r: { lat: number[]; wall: number }, target: boolean) => {
  const rate = r.lat.length / (r.wall / 1000);
  const p50 = pct(r.lat, 0.5), p95 = pct(r.lat, 0.95);
  return `| ${name.padEnd(40)} | ${String(r.lat.length).padStart(5)} | ${rate.toFixed(0).padStart(8)} | ${
    p50.toFixed(2).padStart(7)
  } | ${p95.toFixed(2).padStart(7)} | ${target ? (rate >= 300 && p95 < 50 ? "met" : "MISSED") : "-"} |`;
};
console.log(
  `\nstripe-webhook: signed events through the Deno-served function, real database (5 events per booking)\n`,
);
console.log(
  "| run                                      | events | events/s | p50 ms  | p95 ms  | target (>=300/s, p95<50) |",
);
console.log("|------------------------------------------|-------|----------|---------|---------|-----|");
console.log(row("webhook, sequential", sequential, false));
console.log(row(`webhook, ${CONCURRENCY} bookings in flight`, concurrent, true));
console.log(row(`baseline: raw inserts, ${CONCURRENCY} in flight`, baseline, false));
const ratio = (pct(concurrent.lat, 0.5) / pct(baseline.lat, 0.5)).toFixed(1);
const thr = ((baseline.lat.length / baseline.wall) / (concurrent.lat.length / concurrent.wall)).toFixed(1);
console.log(`\nwebhook vs raw insert: p50 latency x${ratio}, throughput baseline/webhook x${thr}`);
console.log(`ledger rows written by the webhook: ${ledger}, emails queued: ${emails}`);

server.kill("SIGTERM");
await server.status;
await sql.end();
