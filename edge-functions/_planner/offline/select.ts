// Picking an activity for a slot: eligibility (slot, children, accessibility, price level) and the order
// of preference (the wanted interest, then any of the traveller's, then anything unused).
import type { Activity } from "./catalog/schema.ts";
import type { Interest } from "./interests.ts";
import type { SlotPlan } from "./layout.ts";
import { shuffled } from "./random.ts";

export interface Context {
  random: () => number;
  interests: Interest[];
  withChildren: boolean;
  accessible: boolean;
  level: number;
  used: Map<string, number>;
}

function eligible(a: Activity, slot: SlotPlan, ctx: Context): boolean {
  if (!a.slots.includes(slot.slot)) return false;
  if (a.when && a.when !== slot.when) return false;
  if (ctx.withChildren && (a.adultsOnly || a.family === false)) return false;
  if (ctx.accessible && a.strenuous) return false;
  if (a.minLevel !== undefined && ctx.level < a.minLevel) return false;
  if (a.maxLevel !== undefined && ctx.level > a.maxLevel) return false;
  return true;
}

/** Picks from `pool` for a slot: an unused activity of the wanted interest, else of any of the traveller's
 * interests, else any unused one, else the least used; never one already on today's list. */
export function choose(
  pool: readonly Activity[],
  slot: SlotPlan,
  wanted: Interest | null,
  ctx: Context,
  today: Set<string>,
  prefer?: (a: Activity) => boolean,
): Activity {
  const candidates = shuffled(pool.filter((a) => eligible(a, slot, ctx) && !today.has(a.id)), ctx.random);
  // On a tight budget, free and cheap things first; then whatever suits the day (central on arrival).
  if (ctx.level < 0.7) candidates.sort((a, b) => Number(a.cost > 20) - Number(b.cost > 20));
  if (prefer) candidates.sort((a, b) => Number(!prefer(a)) - Number(!prefer(b)));
  const unused = candidates.filter((a) => !ctx.used.has(a.id));
  const tiers = [
    wanted ? unused.filter((a) => a.tags.includes(wanted)) : [],
    unused.filter((a) => a.tags.some((t) => ctx.interests.includes(t))),
    unused,
  ];
  for (const tier of tiers) if (tier.length) return tier[0];
  const pick = candidates.length
    ? candidates
    : shuffled(pool.filter((a) => a.slots.includes(slot.slot) && !today.has(a.id)), ctx.random);
  const score = (a: Activity) =>
    (ctx.used.get(a.id) ?? 0) * 10 - (a.tags.some((t) => ctx.interests.includes(t)) ? 5 : 0);
  return [...pick].sort((a, b) => score(a) - score(b))[0];
}
