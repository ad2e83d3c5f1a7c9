// Saves a generated plan in one transaction: the plan, its days and items are written as the requesting
// user (RLS applies, the activity log records plan.created through its trigger); then, still in the same
// transaction, the service side marks the job succeeded, settles the quota and queues "plan ready".
import { actAsService, actAsUser, type Sql } from "../../_shared/db.ts";
import type { UserClaims } from "../../_shared/jwt.ts";
import type { GeneratedPlan, GenerateRequest } from "../schema.ts";
import type { TokenUsage } from "../providers/provider.ts";

export interface SaveContext {
  jobId: string;
  claims: UserClaims;
  request: GenerateRequest;
  plan: GeneratedPlan;
  markdown: string;
  countryCode: string | null;
  timezone: string;
  usage: TokenUsage & { provider_calls: number };
  provider: string;
  model: string;
}

export async function savePlan(sql: Sql, c: SaveContext): Promise<string> {
  const r = c.request;
  return await sql.begin(async (tx) => {
    // Three inserts, not one statement with data-modifying CTEs: those share one snapshot, so the policies
    // on days and items could not see the plan and days inserted beside them.
    await actAsUser(tx, c.claims);
    const [plan] = await tx<{ id: string }[]>`
      insert into public.plans (title, destination, country_code, start_date, end_date, adults, children,
        budget_amount, currency, interests, pace, language, summary, tips, markdown, timezone)
      values (${c.plan.title}, ${r.destination}, ${c.countryCode}, ${r.start_date}, ${r.end_date}, ${r.adults},
        ${r.children}, ${r.budget.amount}, ${r.budget.currency}, ${r.interests}, ${r.pace}, ${r.language},
        ${c.plan.summary}, ${c.plan.tips}, ${c.markdown}, ${c.timezone})
      returning id`;
    // The request and the accessibility needs stay with the owner, even if the plan is published later.
    await tx`
      insert into public.plan_private_details (plan_id, accessibility_needs, request)
      values (${plan.id}, ${r.accessibility_needs ?? null}, ${tx.json(r as never)})`;
    const dayRows = c.plan.days.map((d, i) => ({
      plan_id: plan.id,
      day_number: i + 1,
      date: d.date,
      title: d.title,
      summary: d.summary,
    }));
    const days = await tx<{ id: string; day_number: number }[]>`
      insert into public.plan_days ${tx(dayRows)} returning id, day_number`;
    const dayId = new Map(days.map((d) => [d.day_number, d.id]));
    const itemRows = c.plan.days.flatMap((d, i) =>
      d.items.map((item, position) => ({
        plan_id: plan.id,
        day_id: dayId.get(i + 1)!,
        position,
        time_slot: item.time_slot,
        start_time: item.start_time,
        title: item.title,
        description: item.description,
        place_name: item.place_name,
        latitude: item.latitude,
        longitude: item.longitude,
        estimated_cost: item.estimated_cost,
        currency: r.budget.currency,
        booking_url: item.booking_url,
      }))
    );
    await tx`insert into public.plan_items ${tx(itemRows)}`;

    await actAsService(tx);
    const [done] = await tx<{ ok: boolean }[]>`
      select private.finish_generation_success(${c.jobId}, ${plan.id}, ${
      tx.json(c.usage as never)
    }, ${c.provider},
        ${c.model}) as ok`;
    // The job was failed meanwhile (deadline passed): roll the plan back rather than save it half-settled.
    if (!done.ok) throw new Error("generation job is no longer running");
    return plan.id;
  }) as string;
}
