// "A plan with its days and items" for every read path (owner, share link, job status, calendar, PDF):
// one SQL function builds it (private.plan_document, the one get_shared_plan returns), one contract schema
// validates it. Who may read the plan is decided before, by Postgres: RLS on public.plans as the caller, or
// the share token's checks in private.plan_id_for_share_token.
import { type PlanDocument, planDocumentSchema } from "../_contract/index.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import type { AccessTokenClaims } from "../_shared/jwt.ts";

/** Share tokens are 44 URL-safe characters; anything much longer (or another alphabet) is not one. */
const SHARE_TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/** The plan as the caller may read it (RLS on public.plans decides), or null. */
export async function readPlanDocument(
  sql: Sql,
  claims: AccessTokenClaims,
  planId: string,
): Promise<PlanDocument | null> {
  const visible = await asUser(sql, claims, (tx) => tx`select 1 from public.plans p where p.id = ${planId}`);
  if (visible.length === 0) return null;
  // Built on the function's own connection: private.plan_document is not granted to API roles (it does
  // no authorization itself), and the caller's right to read the plan was checked just above.
  const [row] = await sql<{ doc: unknown }[]>`select private.plan_document(${planId}::uuid) as doc`;
  return row?.doc == null ? null : planDocumentSchema.parse(row.doc);
}

/** The plan a share token opens (as anon, through public.get_shared_plan), or null. */
export async function readSharedPlanDocument(sql: Sql, token: string): Promise<PlanDocument | null> {
  if (!SHARE_TOKEN.test(token)) return null;
  let raw: unknown;
  try {
    raw = await asUser(sql, { role: "anon", exp: 0 }, async (tx) => {
      const [row] = await tx<{ doc: unknown }[]>`select public.get_shared_plan(${token}) as doc`;
      return row?.doc;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "PT404") return null;
    throw err;
  }
  return raw == null ? null : planDocumentSchema.parse(raw);
}
