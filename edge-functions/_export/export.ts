// Writes one user's data export into a zip stream: a JSON file per kind of data (each an array of rows,
// written by Postgres as JSON so numbers, dates and nested values keep their types) and the plans as CSV.
// Everything is read in one read-only, repeatable-read transaction as the user (RLS applies), and every
// query also names the user: RLS alone would let public plans, or an admin's wider rights, into the export.
// Large kinds are read with cursors and written as they arrive, so memory does not grow with the account.
import type { Sql, TxSql } from "../_shared/db.ts";
import { actAsUser } from "../_shared/db.ts";
import type { UserClaims } from "../_shared/jwt.ts";
import { EXPORT_FILES } from "./coverage.ts";
import { csvHeader, csvRows, type PlanCsvRow } from "./csv.ts";
import type { ZipStreamWriter } from "./zip-stream.ts";

export const EXPORT_FORMAT = "tripmaster-export/1";
const BATCH = 50;
const CSV_BATCH = 1000;

type JsonRow = { j: string };
type Query = ReturnType<TxSql>;

/** A JSON array file from a query whose rows have one column `j` (a JSON text), streamed by cursor. */
async function jsonFile(zip: ZipStreamWriter, name: string, query: Query, batch = BATCH): Promise<number> {
  const file = zip.file(name);
  let n = 0;
  await file.write("[");
  for await (
    const rows of (query as unknown as { cursor(n: number): AsyncIterable<JsonRow[]> }).cursor(batch)
  ) {
    let text = "";
    for (const row of rows) text += (n++ === 0 ? "\n" : ",\n") + row.j;
    await file.write(text);
  }
  await file.write(n === 0 ? "]\n" : "\n]\n");
  await file.close();
  return n;
}

async function textFile(zip: ZipStreamWriter, name: string, text: string): Promise<void> {
  const file = zip.file(name);
  await file.write(text);
  await file.close();
}

const README = `TripMaster data export (${EXPORT_FORMAT})

Everything TripMaster holds about you, as of the time in account.json. Every .json file is an array of rows.

account.json                 who this export is for, when it was made, the files
profile.json                 your profile (name, avatar path, locale, currency, consent, role, tier, states)
addresses.json               your address book
travel_preferences.json      your travel preferences
sync_document.json           your synced app document and its version
plans.json                   your plans, each with its days and their items
plans.csv                    the same plans, one row per item (RFC 4180, UTF-8, CRLF)
plan_private_details.json    what you told us privately for a plan (accessibility needs, the request)
plan_shares.json             your share links (tokens, expiry, revocation)
plan_views.json              how many people viewed your plans, per plan and day (viewers are not named)
trash.json                   plans you deleted that are still in the trash (restorable for 30 days)
generation_jobs.json         your plan generation requests and their outcome
quota_usage.json             your plan generation quota, per month
activity_log.json            what happened on your account (who did it and from where are left out when
                             it was not you)
emails.json                  the emails we sent you (what, to which address, when; not their content)
sessions.json                your signed-in sessions (device, IP, dates)
feature_flag_overrides.json  features switched on or off for you
announcements.json           announcements you wrote (admins)
bookings.json                your bookings (offer, travellers, amount, status)
payments.json                the money movements of your bookings and your subscription (charges, refunds,
                             disputes)
booking_history.json         every status change of your bookings and its cause
offers.json                  offers you published (admins)
subscriptions.json           your Pro subscriptions (status, billing interval, period end, cancellation)
billing_customer.json        your customer id at our payment provider (Stripe)
avatar_files.json            your avatar files in storage (names and metadata; the files themselves are
                             downloadable from their URLs)
`;

/** Writes the whole export of the user the claims name into `zip`, then ends it. */
export async function writeExport(sql: Sql, claims: UserClaims, zip: ZipStreamWriter, now = new Date()) {
  const uid = claims.sub;
  const counts: Record<string, number> = {};
  await sql.begin("isolation level repeatable read read only", async (tx) => {
    await actAsUser(tx, claims);
    await textFile(zip, "README.txt", README);
    await textFile(
      zip,
      "account.json",
      JSON.stringify(
        {
          format: EXPORT_FORMAT,
          user_id: uid,
          email: claims.email ?? null,
          phone: claims.phone || null,
          exported_at: now.toISOString(),
          files: EXPORT_FILES,
        },
        null,
        2,
      ) + "\n",
    );
    counts.profile = await jsonFile(
      zip,
      "profile.json",
      tx`select to_jsonb(p)::text as j from public.profiles p where p.id = ${uid}`,
    );
    counts.addresses = await jsonFile(
      zip,
      "addresses.json",
      tx`select to_jsonb(a)::text as j from public.addresses a where a.user_id = ${uid} order by a.created_at, a.id`,
    );
    counts.travel_preferences = await jsonFile(
      zip,
      "travel_preferences.json",
      tx`select to_jsonb(t)::text as j from public.travel_preferences t where t.user_id = ${uid}`,
    );
    counts.sync_document = await jsonFile(
      zip,
      "sync_document.json",
      tx`select to_jsonb(d)::text as j from public.user_documents d where d.user_id = ${uid}`,
    );
    counts.plans = await jsonFile(
      zip,
      "plans.json",
      tx`
        select (to_jsonb(p) || jsonb_build_object('days', coalesce((
          select jsonb_agg(to_jsonb(d) - 'plan_id' || jsonb_build_object('items', coalesce((
            select jsonb_agg(to_jsonb(i) - 'plan_id' - 'day_id' order by i.position)
            from public.plan_items i where i.day_id = d.id), '[]'::jsonb)) order by d.day_number)
          from public.plan_days d where d.plan_id = p.id), '[]'::jsonb)))::text as j
        from public.plans p
        where p.user_id = ${uid}
        order by p.created_at, p.id`,
    );
    counts.plan_items_csv = await planCsv(zip, tx, uid);
    counts.plan_private_details = await jsonFile(
      zip,
      "plan_private_details.json",
      tx`select to_jsonb(x)::text as j from public.plan_private_details x
        join public.plans p on p.id = x.plan_id where p.user_id = ${uid} order by p.created_at, p.id`,
    );
    counts.plan_shares = await jsonFile(
      zip,
      "plan_shares.json",
      tx`select to_jsonb(s)::text as j from public.plan_shares s
        join public.plans p on p.id = s.plan_id where p.user_id = ${uid} order by s.created_at, s.id`,
    );
    // Counts only: a viewer key is a keyed hash of another person's id or address.
    counts.plan_views = await jsonFile(
      zip,
      "plan_views.json",
      tx`select json_build_object('plan_id', v.plan_id, 'viewed_on', v.viewed_on, 'views', count(*))::text as j
        from public.plan_views v join public.plans p on p.id = v.plan_id
        where p.user_id = ${uid}
        group by v.plan_id, v.viewed_on order by v.plan_id, v.viewed_on`,
    );
    counts.trash = await jsonFile(
      zip,
      "trash.json",
      tx`select to_jsonb(t)::text as j from public.list_trashed_plans() t`,
    );
    counts.generation_jobs = await jsonFile(
      zip,
      "generation_jobs.json",
      tx`select to_jsonb(g)::text as j from public.plan_generation_jobs g where g.user_id = ${uid}
        order by g.created_at, g.id`,
    );
    counts.quota_usage = await jsonFile(
      zip,
      "quota_usage.json",
      tx`select to_jsonb(q)::text as j from public.plan_quota_usage q where q.user_id = ${uid} order by q.period`,
    );
    // Users may read their rows without the actor, IP and user agent (column grants): that is what they get.
    counts.activity_log = await jsonFile(
      zip,
      "activity_log.json",
      tx`select json_build_object('id', a.id, 'action', a.action, 'entity_type', a.entity_type,
          'entity_id', a.entity_id, 'details', a.details, 'created_at', a.created_at)::text as j
        from public.activity_log a where a.user_id = ${uid} order by a.id`,
      500,
    );
    counts.emails = await jsonFile(
      zip,
      "emails.json",
      tx`select to_jsonb(e)::text as j from public.my_emails() e`,
    );
    counts.sessions = await jsonFile(
      zip,
      "sessions.json",
      tx`select to_jsonb(s)::text as j from public.list_my_sessions() s`,
    );
    counts.feature_flag_overrides = await jsonFile(
      zip,
      "feature_flag_overrides.json",
      tx`select to_jsonb(f)::text as j from public.feature_flag_overrides f where f.user_id = ${uid}
        order by f.flag_key`,
    );
    counts.announcements = await jsonFile(
      zip,
      "announcements.json",
      tx`select to_jsonb(a)::text as j from public.announcements a where a.created_by = ${uid}
        order by a.created_at, a.id`,
    );
    counts.bookings = await jsonFile(
      zip,
      "bookings.json",
      tx`select to_jsonb(b)::text as j from public.bookings b where b.user_id = ${uid} order by b.created_at, b.id`,
    );
    counts.payments = await jsonFile(
      zip,
      "payments.json",
      tx`select to_jsonb(l)::text as j from public.payment_ledger l
        where l.booking_id in (select b.id from public.bookings b where b.user_id = ${uid})
          or l.subscription_id in (select s.id from public.subscriptions s where s.user_id = ${uid}) order by l.id`,
    );
    counts.booking_history = await jsonFile(
      zip,
      "booking_history.json",
      // Without the actor (an admin who refunded, say): users never learn which admin did something.
      tx`select json_build_object('id', h.id, 'booking_id', h.booking_id, 'from_status', h.from_status,
          'to_status', h.to_status, 'cause_event_id', h.cause_event_id, 'cause', h.cause,
          'created_at', h.created_at)::text as j
        from public.booking_status_history h
        where h.booking_id in (select b.id from public.bookings b where b.user_id = ${uid}) order by h.id`,
    );
    counts.offers = await jsonFile(
      zip,
      "offers.json",
      tx`select to_jsonb(o)::text as j from public.my_published_offers() o`,
    );
    counts.subscriptions = await jsonFile(
      zip,
      "subscriptions.json",
      tx`select to_jsonb(s)::text as j from public.subscriptions s where s.user_id = ${uid} order by s.created_at, s.id`,
    );
    counts.billing_customer = await jsonFile(
      zip,
      "billing_customer.json",
      tx`select to_jsonb(c)::text as j from public.billing_customers c where c.user_id = ${uid}`,
    );
    counts.avatar_files = await jsonFile(
      zip,
      "avatar_files.json",
      tx`select json_build_object('name', o.name, 'created_at', o.created_at, 'updated_at', o.updated_at,
          'metadata', o.metadata)::text as j
        from storage.objects o
        where o.bucket_id = 'avatars' and (storage.foldername(o.name))[1] = ${uid}
        order by o.name`,
    );
  });
  await zip.end();
  return counts;
}

async function planCsv(zip: ZipStreamWriter, tx: TxSql, uid: string): Promise<number> {
  const file = zip.file("plans.csv");
  await file.write(csvHeader());
  let n = 0;
  const query = tx<PlanCsvRow[]>`
    select p.id::text as plan_id, p.title as plan_title, p.destination, p.country_code,
      p.start_date::text as plan_start_date, p.end_date::text as plan_end_date, p.timezone, p.currency,
      d.day_number::text as day_number, d.date::text as date, i.position::text as position,
      i.time_slot::text as time_slot, i.start_time::text as start_time, i.title, i.description, i.place_name,
      i.latitude::text as latitude, i.longitude::text as longitude, i.estimated_cost::text as estimated_cost,
      i.booking_url
    from public.plans p
    join public.plan_days d on d.plan_id = p.id
    join public.plan_items i on i.day_id = d.id
    where p.user_id = ${uid}
    order by p.created_at, p.id, d.day_number, i.position`;
  for await (const rows of query.cursor(CSV_BATCH)) {
    n += rows.length;
    await file.write(csvRows(rows));
  }
  await file.close();
  return n;
}
