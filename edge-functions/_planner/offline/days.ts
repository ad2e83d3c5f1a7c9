// What a day is called and how it is summed up ("Day 2 · Old town and riverside").
import { formatMoney } from "../../_format/intl.ts";
import type { Activity, Slot } from "./catalog/schema.ts";
import type { Role } from "./layout.ts";
import { fill, lowerFirst, NUMBER_WORDS } from "./text.ts";

/** An item picked for a day, before costs are scaled to the budget. */
export interface DraftItem {
  activity: Activity;
  slot: Slot;
  start: string;
  rawCost: number;
}

export function dayTheme(role: Role, items: DraftItem[]): string {
  const areas: string[] = [];
  for (const i of items) {
    if ((i.slot === "morning" || i.slot === "afternoon") && !areas.includes(i.activity.area)) {
      areas.push(i.activity.area);
    }
  }
  const [first, second] = areas;
  if (role === "arrival") return first ? `Arrival and ${lowerFirst(first)}` : "Arrival";
  if (role === "departure") return first ? `${first} and departure` : "Departure";
  if (first && second) return `${first} and ${lowerFirst(second)}`;
  return first ?? "At leisure";
}

export function daySummary(
  role: Role,
  items: DraftItem[],
  city: string,
  spend: number,
  currency: string,
): string {
  const named = items.map((i) => lowerFirst(fill(i.activity.title, city), city));
  const count = NUMBER_WORDS[items.length] ?? String(items.length);
  const sequence = named.length > 1
    ? `${named.slice(0, -1).join(", ")}, then ${named[named.length - 1]}`
    : named[0] ?? "";
  const lead = role === "arrival"
    ? `Arrive in ${city} and check in, then ease into the trip: ${sequence}.`
    : role === "departure"
    ? `A lighter last day before you head home: ${sequence}.`
    : role === "single"
    ? `One full day in ${city}: ${sequence}.`
    : `${count} stops today: ${sequence}.`;
  const cost = spend > 0
    ? `Estimated spend: about ${formatMoney(Math.round(spend * 100) / 100, currency)}.`
    : "Nothing to pay for today beyond transport and snacks.";
  return `${lead} ${cost}`;
}
