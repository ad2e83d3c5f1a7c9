// Reading a plan for the PDF with the calendar's access rules: the caller's own plan (any visibility) or
// a public one, as the caller (RLS decides), or an unlisted/public plan through a valid share token
// (public.get_shared_plan as anon). A plan the caller may not read is null, like one that does not exist.
import type { PlanDocument } from "../_contract/index.ts";
import { readPlanDocument, readSharedPlanDocument } from "../_plans/document.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import type { AccessTokenClaims } from "../_shared/jwt.ts";
import type { PdfPlan } from "./render.ts";

export type ReadPlan = PdfPlan & {
  visibility: PlanDocument["visibility"];
  share_token: string | null;
};

/** As the caller: the plan with days and items, and, for its owner, an active share token. */
export async function readPlanAsCaller(
  sql: Sql,
  claims: AccessTokenClaims,
  planId: string,
): Promise<ReadPlan | null> {
  const plan = await readPlanDocument(sql, claims, planId);
  if (!plan) return null;
  // Share links are the owner's to see (RLS); anon has no access to them at all.
  const [share] = claims.role === "authenticated"
    ? await asUser(sql, claims, (tx) =>
      tx<{ token: string }[]>`
        select s.token from public.plan_shares s
        where s.plan_id = ${planId} and s.revoked_at is null and (s.expires_at is null or s.expires_at > now())
        order by s.created_at desc limit 1`)
    : [];
  return { ...plan, share_token: share?.token ?? null };
}

/** Through a share token: the plan it opens, if it is `planId`. */
export async function readPlanWithShareToken(
  sql: Sql,
  planId: string,
  token: string,
): Promise<ReadPlan | null> {
  const plan = await readSharedPlanDocument(sql, token);
  if (!plan || plan.id.toLowerCase() !== planId) return null;
  return { ...plan, share_token: token };
}
