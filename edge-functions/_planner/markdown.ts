// The plan as Markdown (stored with it; what users copy, print or paste into notes).
import { formatMoney } from "../_format/intl.ts";
import type { GeneratedPlan, GenerateRequest } from "./schema.ts";

const money = (amount: number, currency: string) => formatMoney(amount, currency);
const SLOT = { morning: "Morning", afternoon: "Afternoon", evening: "Evening", night: "Night" } as const;
// Markdown control characters in model text must not turn into formatting or links.
const esc = (t: string) => t.replace(/([\\`*_{}[\]<>#|])/g, "\\$1");

export function renderPlanMarkdown(plan: GeneratedPlan, request: GenerateRequest): string {
  const cur = request.budget.currency;
  const total = plan.days.flatMap((d) => d.items).reduce((s, i) => s + i.estimated_cost, 0);
  const party = `${request.adults} adult${request.adults > 1 ? "s" : ""}` +
    (request.children ? `, ${request.children} child${request.children > 1 ? "ren" : ""}` : "");
  const out = [
    `# ${esc(plan.title)}`,
    "",
    esc(plan.summary),
    "",
    `- **Destination:** ${esc(request.destination)}`,
    `- **Dates:** ${request.start_date} to ${request.end_date}`,
    `- **Travellers:** ${party}`,
    `- **Pace:** ${request.pace}`,
    `- **Estimated cost:** ${money(total, cur)} of a ${money(request.budget.amount, cur)} budget`,
  ];
  plan.days.forEach((day, i) => {
    out.push("", `## Day ${i + 1} · ${day.date} · ${esc(day.title)}`, "");
    if (day.summary) out.push(esc(day.summary), "");
    for (const item of day.items) {
      const when = [item.start_time, SLOT[item.time_slot]].filter(Boolean).join(" · ");
      const where = item.place_name ? ` (${esc(item.place_name)})` : "";
      const cost = item.estimated_cost > 0 ? ` · ${money(item.estimated_cost, cur)}` : "";
      const link = item.booking_url
        ? ` · [Book](${item.booking_url.replace(/[()\s]/g, encodeURIComponent)})`
        : "";
      out.push(`- **${when} — ${esc(item.title)}**${where}${cost}${link}`);
      if (item.description) out.push(`  ${esc(item.description)}`);
    }
  });
  if (plan.tips.length) out.push("", "## Tips", "", ...plan.tips.map((t) => `- ${esc(t)}`));
  return out.join("\n") + "\n";
}
