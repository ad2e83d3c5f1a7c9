// The plan's practical tips: getting around, money, accessibility, children, bookings.
import type { Destination } from "../../_geo/gazetteer.ts";
import type { Interest } from "./interests.ts";
import { clamp } from "./text.ts";

export interface TipInput {
  city: string;
  place: Destination | null;
  currency: string;
  accessibility: string;
  withChildren: boolean;
  droppedNightlife: boolean;
  scaledDown: boolean;
  language: string;
  interests: Interest[];
}

/** The tip for a traveller with accessibility needs; their own description of them stays private. */
export const ACCESSIBILITY_TIP =
  "Accessibility: the plan leaves out steep hikes and stair-heavy climbs and notes step-free options on each item; contact venues a day ahead to confirm step-free entrances, lifts and accessible toilets.";

export function buildTips(t: TipInput): string[] {
  const tips: string[] = [];
  tips.push(
    t.accessibility
      ? `Getting around ${t.city}: public transport is usually the easiest way between areas; check the operator's step-free station map and use taxis for stretches without lifts or level boarding.`
      : t.withChildren
      ? `Getting around ${t.city}: walk within each area and use public transport between them; children often ride free or at a reduced fare, so ask about family or day tickets.`
      : `Getting around ${t.city}: each day stays within one or two areas, so walk within them and use public transport between them; a day pass usually pays off after three rides.`,
  );
  const local = t.place?.currency ?? null;
  tips.push(
    local && local === t.currency
      ? `Money: costs are in ${t.currency}, the local currency. Cards are widely accepted, but keep a little cash for markets, small cafés and tips.`
      : local
      ? `Money: costs are estimated in ${t.currency}, but you will pay in ${local} locally; check your card's foreign-transaction fees and carry a little ${local} cash for markets and small cafés.`
      : `Money: costs are estimated in ${t.currency}; check which currency and cards are accepted locally, and carry a little cash for markets and small cafés.`,
  );
  if (t.accessibility) {
    // Never the traveller's own words: they are private (plan_private_details), tips are public.
    tips.push(ACCESSIBILITY_TIP);
  }
  if (t.withChildren) {
    tips.push(
      t.droppedNightlife
        ? "Travelling with children: the plan swaps nightlife for family-friendly evenings and keeps a break in the middle of each day; many museums are free or cheaper for under-18s."
        : "Travelling with children: the plan keeps a break in the middle of each day and early dinners; many museums are free or cheaper for under-18s.",
    );
  }
  if (!/^en\b/i.test(t.language)) {
    tips.push("This plan was generated offline and is written in English.");
  }
  if (t.scaledDown) {
    tips.push(
      "The budget is tight for this trip, so estimates have been trimmed to fit; favour free walks, parks and viewpoints, and book paid entries ahead for online discounts.",
    );
  }
  const bookable = t.interests.some((i) =>
    ["museums", "art", "history", "architecture", "music"].includes(i)
  );
  tips.push(
    bookable
      ? "Book timed tickets for the most popular museums and landmarks a few days ahead, and check opening days: many museums close one day a week."
      : "Reserve popular restaurants and guided activities a few days ahead, especially for weekends.",
  );
  if (t.place) {
    tips.push(`Start times are local time (${t.place.timezone}).`);
  }
  tips.push(
    "Pack comfortable shoes and a light layer, and keep an indoor option (a museum or a market hall) in mind to swap in if the weather turns.",
  );
  return tips.slice(0, 6).map((tip) => clamp(tip, 500));
}
