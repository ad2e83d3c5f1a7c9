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
import type { Sql } from "../_shared/db.ts";
import type { Logger } from "../_shared/log.ts";
import type { PlanDocument } from "../_contract/index.ts";
import { readPlanDocument, readSharedPlanDocument } from "../_plans/document.ts";
import { buildPlanCalendar, calendarFileName, type CalendarPlan, isKnownTimeZone } from "../_calendar/ics.ts";

export interface PlanCalendarDeps {
  sql: Sql;
  verify: JwtVerifier;
  logger?: Logger;
  now?: () => Date;
}

const ANON: AccessTokenClaims = { role: "anon", exp: 0 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH = /\/plan-calendar(?:\/([^/]*))?\/?$/;

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

/** The calendar's view of the plan document (the same document for every read path). */
const toCalendarPlan = (doc: PlanDocument | null, planId: string): CalendarPlan | null =>
  doc && doc.id.toLowerCase() === planId
    ? { id: doc.id, title: doc.title, timezone: doc.timezone, days: doc.days }
    : null;

export function createPlanCalendarHandler(deps: PlanCalendarDeps) {
  const now = deps.now ?? (() => new Date());
  return createFunction("plan-calendar", async (req, { log }) => {
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(["GET", "HEAD"]);
    const url = new URL(req.url);
    const planId = planIdFrom(url);
    // Credentials are checked even on the share-token path: a bad token is a 401 wherever it is sent.
    const claims = await callerClaims(req, deps.verify);
    const shareToken = url.searchParams.get("token");
    const plan = toCalendarPlan(
      shareToken !== null
        ? await readSharedPlanDocument(deps.sql, shareToken)
        : await readPlanDocument(deps.sql, claims, planId),
      planId,
    );
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
