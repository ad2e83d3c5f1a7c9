// End to end: export-data served by real Deno. A user with data in every kind downloads one zip; it holds
// their rows and nobody else's (shared and public plans of others, an admin's actions on them, the admin's
// own export); the rate limit answers 429 + Retry-After; bad callers get 401/403.
import { randomUUID } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { EXPORT_COVERAGE, EXPORT_FILES } from "../../edge-functions/_export/coverage.ts";
import { PLAN_CSV_COLUMNS } from "../../edge-functions/_export/csv.ts";
import { asUser } from "../../edge-functions/_shared/db.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(3);
let server: FunctionsServer;
let ada: TestUser;
let bob: TestUser;
let admin: TestUser;
const adaPlan = randomUUID();
const bobPublic = randomUUID();
const bobUnlisted = randomUUID();

const exportAs = async (token: string, method = "POST") =>
  await fetch(server.functionsUrl("export-data"), { method, headers: { authorization: `Bearer ${token}` } });

async function download(
  user: TestUser,
  extra: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const res = await exportAs(await tokenFor(user, { extraClaims: extra }));
  expect(res.status, await res.clone().text().catch(() => "")).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  expect(res.headers.get("content-disposition")).toMatch(
    /^attachment; filename="tripmaster-export-\d{4}-\d\d-\d\d\.zip"$/,
  );
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

const allowAnotherExport = (user: TestUser) =>
  sql`delete from private.data_exports where user_id = ${user.id}`;

beforeAll(async () => {
  server = await startFunctionsServer();
  ada = await createUser(sql, { metadata: { display_name: "Ada Export" } });
  bob = await createUser(sql, { metadata: { display_name: "Bob Other" } });
  admin = await createUser(sql, { metadata: { display_name: "Admin Person" } });
  await sql`update public.profiles set role = 'admin' where id = ${admin.id}`;

  // Ada: a plan with a day and items (one with a comma, quotes and a line break), private details, a share,
  // a trashed plan, an address, preferences, a sync document, a job, quota usage, a flag override.
  await sql`insert into public.plans (id, user_id, title, destination, start_date, end_date, currency, timezone)
    values (${adaPlan}, ${ada.id}, 'Tokyo, "spring"', '東京', '2027-04-01', '2027-04-02', 'JPY', 'Asia/Tokyo')`;
  const [day] = await sql<{ id: string }[]>`insert into public.plan_days (plan_id, day_number, date)
    values (${adaPlan}, 1, '2027-04-01') returning id`;
  await sql`insert into public.plan_items (plan_id, day_id, position, time_slot, start_time, title, description,
      place_name, latitude, longitude, estimated_cost, currency)
    values (${adaPlan}, ${day.id}, 0, 'morning', '09:00', 'Senso-ji', ${'Temple, "old"\nthen tea'}, '浅草寺',
      35.7148, 139.7967, 1500, 'JPY'),
      (${adaPlan}, ${day.id}, 1, 'afternoon', null, '=HYPERLINK("x")', null, null, null, null, null, 'JPY')`;
  await sql`insert into public.plan_private_details (plan_id, accessibility_needs) values (${adaPlan}, 'step-free')`;
  await sql`insert into public.plan_shares (plan_id) values (${adaPlan})`;
  // Two viewers of Ada's plan (keyed hashes): the export gives the count, never the keys.
  await sql`insert into public.plan_views (plan_id, viewer_key)
    values (${adaPlan}, ${"a".repeat(64)}), (${adaPlan}, ${"b".repeat(64)})`;
  await sql`insert into public.plans (user_id, title, destination, start_date, end_date, deleted_at)
    values (${ada.id}, 'Trashed trip', 'Oslo', '2027-05-01', '2027-05-02', now())`;
  await sql`insert into public.addresses (user_id, label, recipient, line1, city, postal_code, country_code)
    values (${ada.id}, 'home', 'Ada', '1 Main St', 'Leeds', 'LS1', 'GB')`;
  await sql`insert into public.travel_preferences (user_id, pace) values (${ada.id}, 'relaxed')`;
  await sql`insert into public.user_documents (user_id, document) values (${ada.id}, '{"theme":"dark"}')`;
  await sql`insert into public.plan_generation_jobs (user_id, status, request, quota_period, deadline_at)
    values (${ada.id}, 'succeeded', '{"destination":"Tokyo"}', date_trunc('month', now())::date, now())`;
  await sql`insert into public.plan_quota_usage (user_id, period, used)
    values (${ada.id}, date_trunc('month', now())::date, 1)`;
  await sql`insert into public.feature_flags (key, description) values ('export-test-flag', 'test') on conflict do nothing`;
  await sql`insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('export-test-flag', ${ada.id}, true)`;
  await sql`insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent)
    values (${randomUUID()}, ${ada.id}, now(), now(), 'aal1', 'Firefox export test')`;
  await sql`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${
    ada.id + "/me.png"
  }, ${ada.id})`;
  await sql`insert into public.announcements (title, body, audience, starts_at, created_by)
    values ('Admin news', 'by the admin', 'all', now(), ${admin.id})`;
  // A booking of Ada's, paid (a ledger charge, the derived status and its history), of an offer the admin
  // published.
  // Admins publish offers through RLS (created_by is the acting admin).
  const offer = await asUser(
    sql,
    claimsFor(admin, { user_role: "admin" } as never),
    async (tx) =>
      (await tx<{ id: string }[]>`
      insert into public.offers (title, destination, price_per_traveller_minor, currency, capacity)
      values ('Export test tour', 'Hakone', 3000, 'JPY', 10) returning id`)[0],
  );
  const [booking] = await sql<{ booking_id: string }[]>`
    select booking_id from private.create_booking(${ada.id}, ${offer.id}, 2)`;
  await sql`insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency,
      event_id, occurred_at)
    values (${booking.booking_id}, 'stripe', 'charge', ${
    "ch_export_" + ada.id
  }, 6000, 'JPY', 'evt_export', now())`;
  await sql`select private.refresh_booking_status(${booking.booking_id}, 'evt_export', null, 'export test')`;
  // Ada's Pro subscription, as the webhook records it (customer remembered, subscription event applied).
  await sql`select private.remember_billing_customer(${ada.id}, 'stripe', ${
    "cus_export_" + ada.id.slice(0, 8)
  })`;
  await sql`select private.apply_provider_event('stripe', ${
    sql.json({
      id: `evt_export_sub_${ada.id}`,
      type: "customer.subscription.created",
      created: Math.floor(Date.now() / 1000),
      refs: {
        subscription: `sub_export_${ada.id.slice(0, 8)}`,
        customer: `cus_export_${ada.id.slice(0, 8)}`,
      },
      effects: [{
        kind: "subscription_state",
        status: "active",
        interval: "month",
        cancel_at_period_end: false,
      }],
    })
  })`;

  // Bob: a public plan and an unlisted one shared by link; Ada views both (rows about Bob's plans).
  await sql`insert into public.plans (id, user_id, title, destination, start_date, end_date, visibility)
    values (${bobPublic}, ${bob.id}, 'Bob public secret-title', 'Rome', '2027-06-01', '2027-06-02', 'public'),
      (${bobUnlisted}, ${bob.id}, 'Bob unlisted secret-title', 'Milan', '2027-06-01', '2027-06-02', 'unlisted')`;
  const [share] = await sql<
    { token: string }[]
  >`insert into public.plan_shares (plan_id) values (${bobUnlisted})
    returning token`;
  await asUser(sql, claimsFor(ada), async (tx) => {
    await tx`select public.record_plan_view(${bobPublic})`;
    await tx`select public.record_plan_view(${bobUnlisted}, ${share.token})`;
    await tx`select public.get_shared_plan(${share.token})`;
  });
  // Bob views Ada's plan... it is private: nothing. The admin suspends and unsuspends Ada (admin actions).
  await asUser(sql, claimsFor(admin, { user_role: "admin" } as never), async (tx) => {
    await tx`select public.admin_set_suspended(${ada.id}, true, 'checking')`;
    await tx`select public.admin_set_suspended(${ada.id}, false)`;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  // Bob's public plan would otherwise show in other files' reads of every public plan.
  // The same for the announcement and the flag.
  await sql`delete from public.announcements where created_by = ${admin.id}`;
  await sql`delete from auth.users where id in ${sql([ada.id, bob.id, admin.id])}`;
  await sql`delete from public.feature_flags where key = 'export-test-flag'`;
  await sql.end();
});

describe("export-data", () => {
  it("gives the user one zip with every file, their rows, and the plans as RFC 4180 CSV", async () => {
    const files = await download(ada);
    expect(Object.keys(files).sort()).toEqual([...EXPORT_FILES].sort());
    for (const name of EXPORT_FILES.filter((f) => f.endsWith(".json"))) JSON.parse(files[name]);
    // Every table the coverage map puts in a file has at least one of Ada's rows there.
    const covered = new Set(Object.values(EXPORT_COVERAGE).flatMap((c) => ("file" in c ? [c.file] : [])));
    for (const file of covered) {
      // Ada wrote none; the admin's export is checked below.
      if (file === "announcements.json" || file === "offers.json") continue;
      expect(JSON.parse(files[file]).length, file).toBeGreaterThan(0);
    }
    const account = JSON.parse(files["account.json"]);
    expect(account).toMatchObject({ format: "tripmaster-export/1", user_id: ada.id, email: ada.email });

    const plans = JSON.parse(files["plans.json"]);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ id: adaPlan, title: 'Tokyo, "spring"', destination: "東京" });
    expect(plans[0].days[0].items.map((i: { title: string }) => i.title)).toEqual([
      "Senso-ji",
      '=HYPERLINK("x")',
    ]);
    expect(plans[0].days[0].items[0].estimated_cost).toBe(1500);
    expect(JSON.parse(files["trash.json"]).map((t: { title: string }) => t.title)).toEqual(["Trashed trip"]);
    expect(JSON.parse(files["plan_private_details.json"])[0].accessibility_needs).toBe("step-free");
    expect(JSON.parse(files["plan_views.json"])).toEqual([
      { plan_id: adaPlan, viewed_on: expect.any(String), views: 2 },
    ]);
    expect(files["plan_views.json"]).not.toContain("a".repeat(64));
    expect(JSON.parse(files["avatar_files.json"])[0].name).toBe(`${ada.id}/me.png`);

    const csv = files["plans.csv"];
    expect(csv.split("\r\n")[0]).toBe(PLAN_CSV_COLUMNS.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      plan_id: adaPlan,
      plan_title: 'Tokyo, "spring"',
      destination: "東京",
      description: 'Temple, "old"\nthen tea',
      place_name: "浅草寺",
      start_time: "09:00:00",
      estimated_cost: "1500.00",
      currency: "JPY",
    });
    expect(rows[1].title, "a formula is defused").toBe('\'=HYPERLINK("x")');

    // The admin's actions are there as events on Ada's account, without who did them.
    const activity = JSON.parse(files["activity_log.json"]) as Record<string, unknown>[];
    expect(activity.map((a) => a.action)).toEqual(
      expect.arrayContaining(["admin.user_suspended", "data.exported"]),
    );
    expect(Object.keys(activity[0]).sort()).toEqual([
      "action",
      "created_at",
      "details",
      "entity_id",
      "entity_type",
      "id",
    ]);
    const emails = JSON.parse(files["emails.json"]);
    expect(emails[0]).toMatchObject({ template: "welcome", to_email: ada.email });
    expect(Object.keys(emails[0])).not.toContain("data");
  });

  it("leaks nothing of other users, for a user and for an admin", async () => {
    await allowAnotherExport(ada);
    const adaText = Object.values(await download(ada)).join("\n");
    for (
      const foreign of [
        bob.id,
        bob.email,
        bobPublic,
        bobUnlisted,
        "secret-title",
        "Bob Other",
        admin.id,
        admin.email,
      ]
    ) {
      expect(adaText, `ada's export holds ${foreign}`).not.toContain(foreign);
    }
    const adminFiles = await download(admin, { user_role: "admin" });
    const adminText = Object.values(adminFiles).join("\n");
    for (
      const foreign of [ada.id, ada.email, adaPlan, "Tokyo", "step-free", bob.id, bob.email, "Bob Other"]
    ) {
      expect(adminText, `the admin's export holds ${foreign}`).not.toContain(foreign);
    }
    expect(JSON.parse(adminFiles["announcements.json"]).map((a: { title: string }) => a.title)).toContain(
      "Admin news",
    );
    expect(JSON.parse(adminFiles["offers.json"]).map((o: { title: string }) => o.title)).toEqual([
      "Export test tour",
    ]);
  });

  it("allows one export per hour: 429 with Retry-After, logged once", async () => {
    const user = await createUser(sql);
    const token = await tokenFor(user);
    const [first, second] = await Promise.all([exportAs(token), exportAs(token)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 429]);
    const limited = first.status === 429 ? first : second;
    const ok = first.status === 200 ? first : second;
    await ok.arrayBuffer();
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(3500);
    expect(retry).toBeLessThanOrEqual(3600);
    expect((await limited.json()).error.code).toBe("rate_limited");
    const [log] = await sql<{ n: number }[]>`select count(*)::int as n from public.activity_log
      where user_id = ${user.id} and action = 'data.exported'`;
    expect(log.n).toBe(1);
    // An hour later, again.
    await sql`update private.data_exports set last_export_at = now() - interval '61 minutes' where user_id = ${user.id}`;
    const later = await exportAs(token, "GET");
    expect(later.status).toBe(200);
    await later.arrayBuffer();
  });

  it("refuses anon, forged tokens and suspended accounts", async () => {
    expect((await fetch(server.functionsUrl("export-data"), { method: "POST" })).status).toBe(401);
    const forged = await tokenFor(ada, { secret: "another-secret-another-secret-another-secret" });
    expect((await exportAs(forged)).status).toBe(401);
    const expired = await tokenFor(ada, { issuedAt: Math.floor(Date.now() / 1000) - 7200 });
    expect((await exportAs(expired)).status).toBe(401);
    const suspended = await createUser(sql);
    await sql`update public.profiles set suspended_at = now() where id = ${suspended.id}`;
    const res = await exportAs(await tokenFor(suspended));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("account_inactive");
    expect((await exportAs(await tokenFor(ada), "DELETE")).status).toBe(405);
  });
});
