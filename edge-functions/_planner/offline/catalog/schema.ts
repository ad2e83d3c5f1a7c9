// The shape of a catalog entry (activity, dinner, night out), validated when a catalog module loads: a
// typo in the data (an unknown interest, a slot that does not exist, a duplicate id, a place that does
// not start with "{city} ") fails at import, in every test that touches the planner, not in a plan.
import { z } from "zod";
import { TIME_SLOTS } from "../../schema.ts";
import { OFFLINE_INTERESTS } from "../interests.ts";

export const KINDS = ["venue", "walk", "outdoor", "meal", "tour", "show", "water"] as const;
/** How an accessibility note is phrased for the item. */
export type Kind = typeof KINDS[number];
export type Slot = typeof TIME_SLOTS[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const template = z.string().min(1).max(1000);

export const activitySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  tags: z.array(z.enum(OFFLINE_INTERESTS)),
  slots: z.array(z.enum(TIME_SLOTS)).min(1),
  /** Part of town, for day titles and for grouping coordinates ("Old town", "Riverside"). */
  area: z.string().min(1).max(60),
  /** Templates: {city} is the destination, {city's} its possessive. */
  title: template,
  description: template,
  /** Always starts with "{city} "; without a known destination that prefix is dropped. */
  place: z.string().startsWith("{city} "),
  kind: z.enum(KINDS),
  /** Per adult, in euros at a mid-range price level in an average-priced country. */
  cost: z.number().nonnegative(),
  /** Child price as a share of the adult price (default 0.5). */
  child: z.number().min(0).max(1).optional(),
  /** Unsuitable with children (default: suitable). */
  family: z.literal(false).optional(),
  /** Adults only: never picked when children come along. */
  adultsOnly: z.literal(true).optional(),
  /** Steep, long or stepped: left out when the traveller has accessibility needs. */
  strenuous: z.literal(true).optional(),
  /** Price levels it fits (default all). */
  minLevel: z.number().positive().optional(),
  maxLevel: z.number().positive().optional(),
  /** Preferred start time when it is the day's first item (an early photo walk). */
  at: time.optional(),
  /** Only in a lunchtime afternoon slot, or only in the late-afternoon one. */
  when: z.enum(["lunch", "late"]).optional(),
});
export type Activity = z.infer<typeof activitySchema>;

const catalogSchema = z.array(activitySchema).min(1).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((a, i) => {
    if (seen.has(a.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate id ${a.id}` });
    seen.add(a.id);
  });
});

/** Validates a catalog at load; throws naming the catalog and the first bad entries. */
export function defineCatalog(name: string, entries: unknown): readonly Activity[] {
  const parsed = catalogSchema.safeParse(entries);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`offline catalog ${name} is invalid: ${where.join("; ")}`);
  }
  return Object.freeze(parsed.data);
}

export const DAY: Slot[] = ["morning", "afternoon"];
export const AM: Slot[] = ["morning"];
export const PM: Slot[] = ["afternoon"];
