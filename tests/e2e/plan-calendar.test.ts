// End to end: the plan-calendar function served by the real Deno functions server (verify_jwt = false, as
// in config.toml), against the throwaway database: who gets which plan's .ics, and with which times.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFunctionsClient, FunctionError } from "../../clients/src/index.ts";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY, ROOT } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(2);
let server: FunctionsServer;
let configDir: string;
let owner: TestUser;
let other: TestUser;
let ownerToken: string;
let otherToken: string;

const plans = {} as Record<"private" | "public" | "unlisted" | "deleted", string>;
const shares = {} as Record<"valid" | "revoked" | "expired" | "otherPlan", string>;

type Visibility = "private" | "unlisted" | "public";

/** A plan with days and items, inserted as postgres (the way a migration or the generator would). */
async function insertPlan(
  user: TestUser,
  visibility: Visibility,
  timezone: string,
  title: string,
  days: { date: string; items: Record<string, unknown>[] }[],
): Promise<string> {
  const [p] = await sql<{ id: string }[]>`
    insert into public.plans (user_id, title, destination, start_date, end_date, visibility, timezone)
    values (${user.id}, ${title}, 'Somewhere', ${days[0].date}, ${
    days.at(-1)!.date
  }, ${visibility}, ${timezone})
    returning id`;
  for (const [n, day] of days.entries()) {
    const [d] = await sql<{ id: string }[]>`
      insert into public.plan_days (plan_id, day_number, date) values (${p.id}, ${
      n + 1
    }, ${day.date}) returning id`;
    for (const [position, item] of day.items.entries()) {
      await sql`
        insert into public.plan_items (id, plan_id, day_id, position, time_slot, start_time, title, description,
          place_name, latitude, longitude, booking_url)
        values (${item.id as string}, ${p.id}, ${d.id}, ${position}, ${item.time_slot as string},
          ${(item.start_time as string | undefined) ?? null}, ${item.title as string},
          ${(item.description as string | undefined) ?? null}, ${
        (item.place_name as string | undefined) ?? null
      },
          ${(item.latitude as number | undefined) ?? null}, ${(item.longitude as number | undefined) ?? null},
          ${(item.booking_url as string | undefined) ?? null})`;
    }
  }
  return p.id;
}

async function insertShare(planId: string, state: "valid" | "revoked" | "expired"): Promise<string> {
  const [s] = await sql<{ id: string; token: string }[]>`
    insert into public.plan_shares (plan_id, expires_at)
    values (${planId}, ${
    state === "expired" ? sql`now() - interval '1 hour'` : sql`now() + interval '7 days'`
  })
    returning id, token`;
  if (state === "revoked") await sql`update public.plan_shares set revoked_at = now() where id = ${s.id}`;
  return s.token;
}

const ids = {
  lisbonSat: randomUUID(),
  lisbonSun: randomUUID(),
  publicItem: randomUUID(),
  nySat: randomUUID(),
  nySun: randomUUID(),
};

beforeAll(async () => {
  // A config of our own: just this function, as config.toml declares it (entrypoints are relative to the
  // config file's folder).
  configDir = mkdtempSync(path.join(tmpdir(), "tm-plan-calendar-"));
  const entrypoint = path.relative(configDir, path.join(ROOT, "edge-functions/plan-calendar/index.ts"));
  writeFileSync(
    path.join(configDir, "config.toml"),
    `[functions.plan-calendar]\nenabled = true\nverify_jwt = false\nentrypoint = "${entrypoint}"\n`,
  );
  server = await startFunctionsServer({}, { configToml: path.join(configDir, "config.toml") });

  owner = await createUser(sql);
  other = await createUser(sql);
  ownerToken = await tokenFor(owner);
  otherToken = await tokenFor(other);

  plans.private = await insertPlan(owner, "private", "Europe/Lisbon", "Lisbon, spring forward", [
    {
      date: "2026-03-28",
      items: [{ id: ids.lisbonSat, time_slot: "morning", title: "Castelo de São Jorge" }],
    },
    {
      date: "2026-03-29",
      items: [{
        id: ids.lisbonSun,
        time_slot: "afternoon",
        start_time: "15:30",
        title: "Tram 28, Alfama; Graça",
        description: "Hop on early.\nBring coins",
        place_name: "Praça Martim Moniz",
        latitude: 38.716,
        longitude: -9.136,
        booking_url: "https://tickets.example.com/tram28",
      }],
    },
  ]);
  plans.public = await insertPlan(owner, "public", "UTC", "Open trip", [
    { date: "2026-07-14", items: [{ id: ids.publicItem, time_slot: "evening", title: "Fireworks" }] },
  ]);
  plans.unlisted = await insertPlan(owner, "unlisted", "America/New_York", "New York, fall back", [
    { date: "2026-10-31", items: [{ id: ids.nySat, time_slot: "morning", title: "Central Park" }] },
    { date: "2026-11-01", items: [{ id: ids.nySun, time_slot: "morning", title: "Marathon" }] },
  ]);
  plans.deleted = await insertPlan(owner, "public", "UTC", "Gone", [
    { date: "2026-08-01", items: [{ id: randomUUID(), time_slot: "morning", title: "Nothing" }] },
  ]);
  await sql`delete from public.plans where id = ${plans.deleted}`; // soft delete

  shares.valid = await insertShare(plans.unlisted, "valid");
  shares.revoked = await insertShare(plans.unlisted, "revoked");
  shares.expired = await insertShare(plans.unlisted, "expired");
  shares.otherPlan = await insertShare(plans.public, "valid");
});

afterAll(async () => {
  await server?.stop();
  if (owner) await sql`delete from auth.users where id in (${owner.id}, ${other?.id ?? owner.id})`;
  await sql.end();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

function calendar(
  planPath: string,
  options: { token?: string; share?: string; method?: string; headers?: Record<string, string> } = {},
) {
  const url = new URL(`${server.functionsUrl("plan-calendar")}/${planPath}`);
  if (options.share !== undefined) url.searchParams.set("token", options.share);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return fetch(url, { method: options.method ?? "GET", headers });
}

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

async function expectNotFound(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(await res.json()).toEqual({
    error: { code: "not_found", message: "No such plan, or it is not shared with you" },
  });
}

describe("plan-calendar: the owner", () => {
  it("gets a private plan's .ics with DST-correct UTC times", async () => {
    const res = await calendar(plans.private, { token: ownerToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="lisbon-spring-forward.ics"',
    );
    expect(res.headers.get("cache-control")).toBe("private, max-age=60");
    const ics = unfold(await res.text());
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics).toContain("X-WR-CALNAME:Lisbon\\, spring forward\r\n");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    // Saturday 09:00 WET = 09:00Z; Sunday 15:30 WEST = 14:30Z
    expect(ics).toContain(`UID:${ids.lisbonSat}@tripmaster\r\nSUMMARY:Castelo de São Jorge\r\n`);
    expect(ics).toMatch(/DTSTART:20260328T090000Z\r\nDTEND:20260328T120000Z/);
    expect(ics).toContain(`UID:${ids.lisbonSun}@tripmaster\r\nSUMMARY:Tram 28\\, Alfama\\; Graça\r\n`);
    expect(ics).toMatch(/DTSTART:20260329T143000Z\r\nDTEND:20260329T173000Z/);
    expect(ics).toContain(
      "DESCRIPTION:Hop on early.\\nBring coins\\n\\nBooking: https://tickets.example.com/tram28\r\n",
    );
    expect(ics).toContain("URL:https://tickets.example.com/tram28\r\n");
    expect(ics).toContain("GEO:38.716;-9.136\r\n");
    expect(ics).toContain("LOCATION:Praça Martim Moniz\r\n");
  });

  it("also reads it with .ics after the id, and with HEAD (no body)", async () => {
    expect((await calendar(`${plans.private}.ics`, { token: ownerToken })).status).toBe(200);
    const head = await calendar(plans.private, { token: ownerToken, method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await head.text()).toBe("");
  });

  it("reads an unlisted plan without a share token", async () => {
    expect((await calendar(plans.unlisted, { token: ownerToken })).status).toBe(200);
  });

  it("gets 404 for a deleted plan", async () => {
    await expectNotFound(await calendar(plans.deleted, { token: ownerToken }));
  });
});

describe("plan-calendar: other people", () => {
  it("another user gets 404 for a private plan, the same as for a plan that does not exist", async () => {
    await expectNotFound(await calendar(plans.private, { token: otherToken }));
    await expectNotFound(await calendar(randomUUID(), { token: otherToken }));
    await expectNotFound(await calendar(plans.unlisted, { token: otherToken }));
  });

  it("anonymous callers get 404 for private and unlisted plans, 200 for public ones", async () => {
    await expectNotFound(await calendar(plans.private));
    await expectNotFound(await calendar(plans.unlisted));
    await expectNotFound(await calendar(randomUUID()));
    const res = await calendar(plans.public);
    expect(res.status).toBe(200);
    const ics = unfold(await res.text());
    expect(ics).toContain(`UID:${ids.publicItem}@tripmaster`);
    expect(ics).toMatch(/DTSTART:20260714T190000Z\r\nDTEND:20260714T210000Z/);
    expect((await calendar(plans.public, { token: otherToken })).status).toBe(200);
  });

  it("the anon key reads as anonymous: public yes, private no", async () => {
    expect((await calendar(plans.public, { token: LOCAL_ANON_KEY })).status).toBe(200);
    await expectNotFound(await calendar(plans.private, { token: LOCAL_ANON_KEY }));
  });
});

describe("plan-calendar: share tokens", () => {
  it("a valid token opens an unlisted plan, with the plan's own time zone", async () => {
    const res = await calendar(plans.unlisted, { share: shares.valid });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="new-york-fall-back.ics"');
    const ics = unfold(await res.text());
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    // 09:00 EDT = 13:00Z on Saturday; 09:00 EST = 14:00Z on Sunday
    expect(ics).toContain(`UID:${ids.nySat}@tripmaster\r\nSUMMARY:Central Park\r\n`);
    expect(ics).toMatch(/DTSTART:20261031T130000Z\r\nDTEND:20261031T160000Z/);
    expect(ics).toContain(`UID:${ids.nySun}@tripmaster\r\nSUMMARY:Marathon\r\n`);
    expect(ics).toMatch(/DTSTART:20261101T140000Z\r\nDTEND:20261101T170000Z/);
    expect(ics).not.toContain("GEO:");
  });

  it("the share document carries coordinates and links through", async () => {
    const token = await insertShare(plans.private, "valid"); // a private plan: no token opens it
    await expectNotFound(await calendar(plans.private, { share: token }));
    await sql`update public.plans set visibility = 'unlisted' where id = ${plans.private}`;
    try {
      const res = await calendar(plans.private, { share: token });
      expect(res.status).toBe(200);
      const ics = unfold(await res.text());
      expect(ics).toContain("GEO:38.716;-9.136\r\n");
      expect(ics).toContain("URL:https://tickets.example.com/tram28\r\n");
      expect(ics).toMatch(/DTSTART:20260329T143000Z\r\nDTEND:20260329T173000Z/);
    } finally {
      await sql`update public.plans set visibility = 'private' where id = ${plans.private}`;
    }
  });

  it("a wrong, revoked or expired token, or one for another plan, is 404", async () => {
    await expectNotFound(await calendar(plans.unlisted, { share: "not-a-real-token" }));
    await expectNotFound(await calendar(plans.unlisted, { share: "" }));
    await expectNotFound(await calendar(plans.unlisted, { share: shares.revoked }));
    await expectNotFound(await calendar(plans.unlisted, { share: shares.expired }));
    await expectNotFound(await calendar(plans.unlisted, { share: shares.otherPlan }));
    await expectNotFound(await calendar(plans.private, { share: shares.valid }));
    // Not a token's shape at all.
    await expectNotFound(await calendar(plans.unlisted, { share: "a'; select 1; --" }));
  });

  it("a token that stops being valid closes the calendar", async () => {
    const token = await insertShare(plans.unlisted, "valid");
    expect((await calendar(plans.unlisted, { share: token })).status).toBe(200);
    await sql`update public.plan_shares set revoked_at = now() where token = ${token}`;
    await expectNotFound(await calendar(plans.unlisted, { share: token }));
  });
});

describe("plan-calendar: a suspended or deleted owner", () => {
  // The rule: content of a suspended or deleted account is served to nobody (the service role aside).
  for (const state of ["suspended_at", "deleted_at"] as const) {
    it(`serves none of the owner's calendars while ${state} is set, and all again once cleared`, async () => {
      const token = await insertShare(plans.unlisted, "valid");
      await sql`update public.profiles set ${sql(state)} = now() where id = ${owner.id}`;
      try {
        await expectNotFound(await calendar(plans.public));
        await expectNotFound(await calendar(plans.public, { token: otherToken }));
        await expectNotFound(await calendar(plans.public, { share: shares.otherPlan }));
        await expectNotFound(await calendar(plans.unlisted, { share: token }));
        await expectNotFound(await calendar(plans.private, { token: ownerToken }));
      } finally {
        await sql`update public.profiles set ${sql(state)} = null where id = ${owner.id}`;
      }
      expect((await calendar(plans.public)).status).toBe(200);
      expect((await calendar(plans.unlisted, { share: token })).status).toBe(200);
      expect((await calendar(plans.private, { token: ownerToken })).status).toBe(200);
    });
  }
});

describe("plan-calendar: bad requests", () => {
  it("an expired or forged JWT is 401, never a fall-back to anonymous", async () => {
    const expired = await tokenFor(owner, {
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      expiresInSeconds: 60,
    });
    const res = await calendar(plans.public, { token: expired });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "invalid_jwt", message: "JWT expired" } });

    const forged = await new SignJWT({ sub: owner.id, role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h")
      .sign(new TextEncoder().encode("x".repeat(40)));
    for (const path of [plans.public, plans.private]) {
      const r = await calendar(path, { token: forged });
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ error: { code: "invalid_jwt" } });
    }
    // even next to a valid share token
    expect((await calendar(plans.unlisted, { token: forged, share: shares.valid })).status).toBe(401);
    // a non-Bearer scheme and a garbage token too
    expect((await calendar(plans.public, { headers: { authorization: "Basic YTpi" } })).status).toBe(401);
    expect((await calendar(plans.public, { token: "not.a.jwt" })).status).toBe(401);
  });

  it("the service role key is refused (it would bypass RLS)", async () => {
    const res = await calendar(plans.public, { token: LOCAL_SERVICE_ROLE_KEY });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "user_required" } });
  });

  it("a NUL in the share token is 400 JSON (it would otherwise reach Postgres and fail with a 500)", async () => {
    const res = await calendar(plans.unlisted, { share: "\u0000abc" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });

  it("a plan id that is not a uuid is 400 JSON", async () => {
    for (const bad of ["not-a-uuid", "123", "%E0%A4%A"]) {
      const res = await calendar(bad, { token: ownerToken });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    expect((await calendar("")).status).toBe(400);
  });

  it("methods other than GET and HEAD are 405", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await calendar(plans.public, { method, token: ownerToken });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
      expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    }
  });
});

describe("plan-calendar through the typed client", () => {
  const client = (token?: string) =>
    createFunctionsClient({ url: server.url, anonKey: LOCAL_ANON_KEY, accessToken: async () => token });

  it("gets the owner's calendar, a share link's, and a typed 404 for another user", async () => {
    const mine = await client(ownerToken).planCalendar(plans.private);
    expect(mine.error).toBeNull();
    expect(mine.data).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const shared = await client().planCalendar(plans.unlisted, { shareToken: shares.valid });
    expect(shared.data).toContain("New York\\, fall back");
    const refused = await client(otherToken).planCalendar(plans.private);
    expect(refused.data).toBeNull();
    expect(refused.error).toBeInstanceOf(FunctionError);
    expect(refused.error).toMatchObject({ status: 404, code: "not_found" });
  });
});
