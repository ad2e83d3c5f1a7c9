// A provider's answer is checked before anything is saved: the schema, then what the schema cannot say
// (one day per date of the trip, in order; costs within the budget; coordinates in pairs). Problems come
// back as short sentences, which the repair attempt hands to the model.
import { formatZodIssues } from "../_contract/errors.ts";
import { type GeneratedPlan, generatedPlanSchema, type GenerateRequest, tripDays } from "./schema.ts";

export type PlanCheck = { ok: true; plan: GeneratedPlan } | { ok: false; problems: string[] };

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function validatePlan(raw: unknown, request: GenerateRequest): PlanCheck {
  const parsed = generatedPlanSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: formatZodIssues(parsed.error).slice(0, 20).map((i) => `${i.path || "(root)"}: ${i.message}`),
    };
  }
  const plan = parsed.data;
  const problems: string[] = [];
  const expected = tripDays(request.start_date, request.end_date);
  if (plan.days.length !== expected) {
    problems.push(
      `the trip has ${expected} days (${request.start_date} to ${request.end_date}) but the plan has ${plan.days.length}`,
    );
  }
  plan.days.forEach((day, i) => {
    const want = addDays(request.start_date, i);
    if (day.date !== want) problems.push(`days.${i}.date is ${day.date}, expected ${want}`);
    day.items.forEach((item, j) => {
      if ((item.latitude === null) !== (item.longitude === null)) {
        problems.push(`days.${i}.items.${j}: latitude and longitude must both be set or both be null`);
      }
    });
  });
  const total = plan.days.flatMap((d) => d.items).reduce((sum, item) => sum + item.estimated_cost, 0);
  if (total > request.budget.amount + 0.005) {
    problems.push(
      `estimated costs add up to ${
        total.toFixed(2)
      } ${request.budget.currency}, over the budget of ${request.budget.amount}`,
    );
  }
  return problems.length ? { ok: false, problems: problems.slice(0, 20) } : { ok: true, plan };
}
