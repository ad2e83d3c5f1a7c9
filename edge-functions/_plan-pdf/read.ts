// Reading a plan for the PDF with the calendar's access rules: the caller's own plan (any visibility) or
// a public one, as the caller (RLS decides), or an unlisted/public plan through a valid share token
// (public.get_shared_plan as anon). A plan the caller may not read is null, like one that does not exist.
import { z } from "zod";
import { asUser, type Sql } from "../_shared/db.ts";
import type { AccessTokenClaims } from "../_shared/jwt.ts";
import type { PdfPlan } from "./render.ts";

const item = z.object({
  time_slot: z.enum(["morning", "afternoon", "evening", "night"]),
  start_time: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  place_name: z.string().nullable(),
  estimated_cost: z.number().nullable(),
  booking_url: z.string().nullable(),
});
const planSchema = z.object({
  id: z.string(),
  title: z.string(),
  destination: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  timezone: z.string(),
  currency: z.string(),
  language: z.string(),
  adults: z.number(),
  children: z.number(),
  budget_amount: z.number().nullable(),
  summary: z.string().nullable(),
  visibility: z.enum(["private", "unlisted", "public"]),
  days: z.array(z.object({
    day_number: z.number(),
    date: z.string(),
    title: z.string().nullable(),
    summary: z.string().nullable(),
    items: z.array(item),
  })),
});
export type ReadPlan = PdfPlan & {
  visibility: "private" | "unlisted" | "public";
  share_token: string | null;
};

const ANON: AccessTokenClaims = { role: "anon", exp: 0 };

/** As the caller: the plan with days and items, and, for its owner, an active share token. */
export async function readPlanAsCaller(
  sql: Sql,
  claims: AccessTokenClaims,
  planId: string,
): Promise<ReadPlan | null> {
  return await asUser(sql, claims, async (tx) => {
    const [row] = await tx<{ doc: unknown }[]>`
      select to_jsonb(p) || jsonb_build_object('days', coalesce((
          select jsonb_agg(to_jsonb(d) || jsonb_build_object('items', coalesce((
            select jsonb_agg(to_jsonb(i) order by i.position) from public.plan_items i where i.day_id = d.id),
            '[]'::jsonb)) order by d.day_number)
          from public.plan_days d where d.plan_id = p.id), '[]'::jsonb)) as doc
      from public.plans p where p.id = ${planId}`;
    if (!row) return null;
    // Share links are the owner's to see (RLS); anon has no access to them at all.
    const [share] = claims.role === "authenticated"
      ? await tx<{ token: string }[]>`
        select s.token from public.plan_shares s
        where s.plan_id = ${planId} and s.revoked_at is null and (s.expires_at is null or s.expires_at > now())
        order by s.created_at desc limit 1`
      : [];
    return { ...planSchema.parse(row.doc), share_token: share?.token ?? null };
  });
}

/** Through a share token: the plan it opens, if it is `planId`. */
export async function readPlanWithShareToken(
  sql: Sql,
  planId: string,
  token: string,
): Promise<ReadPlan | null> {
  if (!token || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
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
  const plan = planSchema.parse(raw);
  if (plan.id.toLowerCase() !== planId) return null;
  return { ...plan, share_token: token };
}
