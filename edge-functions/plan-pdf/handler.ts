// GET /plan-pdf/<plan_id>[?token=<share token>]: the plan as a printable PDF (edge-functions/_plan-pdf).
// Same access rules as plan-calendar, and verify_jwt off for the same reason (a link that opens in a
// browser or a print dialog carries no header): a user token reads as that user (owner: any visibility;
// others: public), no token reads as anon (public plans), ?token= opens an unlisted or public plan by its
// share link. A bad token is a 401; a plan the caller may not read is the same 404 as one that does not exist.
import { HttpError, methodNotAllowed, notFound } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import { type AccessTokenClaims, bearerToken, type JwtVerifier, requireUser } from "../_shared/jwt.ts";
import type { Sql } from "../_shared/db.ts";
import type { Logger } from "../_shared/log.ts";
import { readPlanAsCaller, readPlanWithShareToken } from "../_plan-pdf/read.ts";
import { pdfFileName, renderPlanPdf } from "../_plan-pdf/render.ts";

export interface PlanPdfDeps {
  sql: Sql;
  verify: JwtVerifier;
  siteUrl: string;
  logger?: Logger;
  now?: () => Date;
}

const ANON: AccessTokenClaims = { role: "anon", exp: 0 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH = /\/plan-pdf(?:\/([^/]*))?\/?$/;

function planIdFrom(url: URL): string {
  const match = PATH.exec(url.pathname);
  if (!match) throw notFound();
  const raw = (match[1] ?? "").replace(/\.pdf$/i, "");
  if (!raw) throw new HttpError(400, "bad_request", "Put the plan id in the path: /plan-pdf/<plan_id>");
  if (!UUID.test(raw)) throw new HttpError(400, "bad_request", "The plan id is not a uuid");
  return raw.toLowerCase();
}

async function callerClaims(req: Request, verify: JwtVerifier): Promise<AccessTokenClaims> {
  const header = req.headers.get("authorization");
  if (header === null || header.trim() === "") return ANON;
  const token = bearerToken(req);
  if (token.startsWith("sb_publishable_")) return ANON;
  const claims = await verify(token);
  if (claims.role === "anon") return ANON;
  return await requireUser(req, async () => claims);
}

export function createPlanPdfHandler(deps: PlanPdfDeps) {
  const site = deps.siteUrl.replace(/\/+$/, "");
  return createFunction("plan-pdf", async (req) => {
    if (req.method !== "GET") throw methodNotAllowed(["GET"]);
    const url = new URL(req.url);
    const planId = planIdFrom(url);
    const claims = await callerClaims(req, deps.verify);
    const shareToken = url.searchParams.get("token");
    const plan = shareToken !== null
      ? await readPlanWithShareToken(deps.sql, planId, shareToken)
      : await readPlanAsCaller(deps.sql, claims, planId);
    if (!plan) throw notFound("No such plan, or it is not shared with you");
    const link = plan.share_token
      ? `${site}/plans/${plan.id}?token=${encodeURIComponent(plan.share_token)}`
      : `${site}/plans/${plan.id}`;
    const pdf = await renderPlanPdf(plan, { link, now: deps.now?.() });
    return new Response(pdf as unknown as BodyInit, {
      status: 200,
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${pdfFileName(plan.title)}"`,
        "Cache-Control": "private, max-age=60",
      },
    });
  }, { logger: deps.logger });
}
