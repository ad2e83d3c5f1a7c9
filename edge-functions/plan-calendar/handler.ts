// GET /plan-calendar/<plan_id>[.ics][?token=<share token>]: the plan's items as an .ics calendar.
//
// verify_jwt is off for this function (calendar apps subscribe to a URL and send no headers), so it
// authorizes itself, always through Postgres roles and RLS:
// - Authorization: Bearer <user access token> -> read as that user (owner: any visibility; others: public).
//   A token that does not verify is a 401, never a silent fall-back to anonymous. The anon key (a valid
//   JWT with role anon, what supabase-js sends when signed out) reads as anon.
// - no Authorization -> read as anon: public plans only.
// - ?token=<share token> -> public.get_shared_plan(token) as anon; the plan it opens must be <plan_id>.
// A plan the caller may not read and one that does not exist are the same 404, so ids cannot be probed.
import { HttpError, methodNotAllowed, notFound } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import { type AccessTokenClaims, bearerToken, type JwtVerifier, requireUser } from "../_shared/jwt.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import type { Logger } from "../_shared/log.ts";
import { z } from "zod";
import {
  buildPlanCalendar,
  calendarFileName,
  type CalendarItem,
  type CalendarPlan,
  isKnownTimeZone,
  MAX_CALENDAR_EVENTS,
} from "../_calendar/ics.ts";

export interface PlanCalendarDeps {
  sql: Sql;
  verify: JwtVerifier;
  logger?: Logger;
  now?: () => Date;
}

const ANON: AccessTokenClaims = { role: "anon", exp: 0 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH = /\/plan-calendar(?:\/([^/]*))?\/?$/;
/** Share tokens are 44 URL-safe characters; anything much longer is not one. */
const MAX_SHARE_TOKEN = 200;

/** The plan id from the path, or a 400/404. */
function planIdFrom(url: URL): string {
  const match = PATH.exec(url.pathname);
  if (!match) throw notFound();
  let raw: string;
  try {
    raw = decodeURIComponent(match[1] ?? "").replace(/\.ics$/i, "");
  } catch {
    throw new HttpError(400, "bad_request", "The plan id is not a uuid");
  }
  if (!raw) throw new HttpError(400, "bad_request", "Put the plan id in the path: /plan-calendar/<plan_id>");
  if (!UUID.test(raw)) throw new HttpError(400, "bad_request", "The plan id is not a uuid");
  return raw.toLowerCase();
}

/** Who is asking: a verified user, or anon (no credentials, or the anon key / a publishable key). */
async function callerClaims(req: Request, verify: JwtVerifier): Promise<AccessTokenClaims> {
  const header = req.headers.get("authorization");
  if (header === null || header.trim() === "") return ANON;
  const token = bearerToken(req);
  // The new publishable API keys are not JWTs; like the anon key they grant nothing beyond anon.
  if (token.startsWith("sb_publishable_")) return ANON;
  const claims = await verify(token);
  if (claims.role === "anon") return ANON;
  return await requireUser(req, async () => claims);
}

// The share document (private.plan_document): only the fields the calendar uses are checked.
const documentItem = z.object({
  id: z.string(),
  time_slot: z.enum(["morning", "afternoon", "evening", "night"]),
  start_time: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  place_name: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  booking_url: z.string().nullable(),
});
const planDocument = z.object({
  id: z.string(),
  title: z.string(),
  timezone: z.string(),
  days: z.array(z.object({ date: z.string(), items: z.array(documentItem) })),
});

type PlanRow = { id: string; title: string; timezone: string };
type ItemRow = CalendarItem & { day_id: string };

/** The plan with its days and items as the caller (RLS decides), or null when they may not read it. */
async function readAsCaller(
  sql: Sql,
  claims: AccessTokenClaims,
  planId: string,
): Promise<CalendarPlan | null> {
  return await asUser(sql, claims, async (tx) => {
    const [plan] = await tx<PlanRow[]>`
      select p.id, p.title, p.timezone from public.plans p where p.id = ${planId}`;
    if (!plan) return null;
    const days = await tx<{ id: string; date: string }[]>`
      select d.id, d.date::text as date from public.plan_days d where d.plan_id = ${planId} order by d.day_number
      limit ${MAX_CALENDAR_EVENTS}`;
    const items = await tx<ItemRow[]>`
      select i.id, i.day_id, i.time_slot::text as time_slot, i.start_time::text as start_time,
        i.title, i.description, i.place_name, i.latitude::float8 as latitude, i.longitude::float8 as longitude,
        i.booking_url
      from public.plan_items i
      where i.plan_id = ${planId}
      order by i.day_id, i.position
      limit ${MAX_CALENDAR_EVENTS + 1}`;
    // Grouped in one pass (a filter per day would be days × items).
    const byDay = new Map<string, CalendarItem[]>(days.map((d) => [d.id, []]));
    for (const { day_id, ...item } of items) byDay.get(day_id)?.push(item);
    return {
      id: plan.id,
      title: plan.title,
      timezone: plan.timezone,
      days: days.map((d) => ({ date: d.date, items: byDay.get(d.id)! })),
    };
  });
}

/** The plan a share token opens, or null when the token is invalid, revoked, expired or for another plan. */
async function readWithShareToken(sql: Sql, planId: string, token: string): Promise<CalendarPlan | null> {
  // Tokens are URL-safe base64; anything else cannot open a plan (and a NUL would upset Postgres).
  if (!token || token.length > MAX_SHARE_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  let raw: unknown;
  try {
    raw = await asUser(sql, ANON, async (tx) => {
      const [row] = await tx<{ doc: unknown }[]>`select public.get_shared_plan(${token}) as doc`;
      return row?.doc;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "PT404") return null;
    throw err;
  }
  if (raw === null || raw === undefined) return null;
  const doc = planDocument.parse(raw);
  if (doc.id.toLowerCase() !== planId) return null;
  return { id: doc.id, title: doc.title, timezone: doc.timezone, days: doc.days };
}

export function createPlanCalendarHandler(deps: PlanCalendarDeps) {
  const now = deps.now ?? (() => new Date());
  return createFunction("plan-calendar", async (req, { log }) => {
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(["GET", "HEAD"]);
    const url = new URL(req.url);
    const planId = planIdFrom(url);
    // Credentials are checked even on the share-token path: a bad token is a 401 wherever it is sent.
    const claims = await callerClaims(req, deps.verify);
    const shareToken = url.searchParams.get("token");
    const plan = shareToken !== null
      ? await readWithShareToken(deps.sql, planId, shareToken)
      : await readAsCaller(deps.sql, claims, planId);
    if (!plan) throw notFound("No such plan, or it is not shared with you");
    if (!isKnownTimeZone(plan.timezone)) {
      log.warn("unknown plan time zone, using UTC", { plan_id: planId, timezone: plan.timezone });
    }
    // Odd stored data (a date the calendar cannot write) leaves out those items, never the whole calendar.
    const skipped: Record<string, number> = {};
    const body = buildPlanCalendar(plan, {
      now: now(),
      onSkip: ({ reason }) => void (skipped[reason] = (skipped[reason] ?? 0) + 1),
    });
    if (Object.keys(skipped).length) log.warn("calendar items left out", { plan_id: planId, ...skipped });
    return new Response(req.method === "HEAD" ? null : body, {
      status: 200,
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="${calendarFileName(plan.title)}"`,
        "Cache-Control": "private, max-age=60",
      },
    });
  }, { logger: deps.logger });
}
