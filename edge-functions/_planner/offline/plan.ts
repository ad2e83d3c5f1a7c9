// The offline planner: builds a real plan from the request with no network and no model, so the local
// stack, CI and demos work without a provider key. Pure and deterministic: the only randomness is a PRNG
// seeded from a hash of the request, so the same request always gives the same plan.
//
// How a plan is put together: one day per date; each day gets slots by pace (arrival and departure days
// lighter); morning/afternoon slots take activities from a built-in catalog keyed by interest (rotating
// through the traveller's interests, never repeating one while the catalog has unused ones), evenings a
// dinner, nights (packed pace, adults only) something late. Costs come from per-activity base prices,
// scaled by party size, a price level read from the budget per person per day, a rough country price
// factor and a rough exchange rate, then scaled down to stay within 90% of the budget. When the gazetteer
// knows the destination, items get coordinates within ~4 km of the centre, grouped by area.
// Files: catalog/ (the data, validated at load), interests.ts, exchange-rates.ts (dated), money.ts,
// layout.ts (slots per day), select.ts (which activity), geography.ts, days.ts and tips.ts (the prose),
// random.ts (determinism), provider.ts (the PlanProvider), this file (putting a plan together).
import { formatDateRange, formatList, formatMoney } from "../../_format/intl.ts";
import { lookupDestination } from "../../_geo/gazetteer.ts";
import { type GeneratedPlan, type GenerateRequest, type PlanItem, tripDays } from "../schema.ts";
import { ACCESS_NOTES } from "./catalog/access-notes.ts";
import { ACTIVITIES } from "./catalog/activities.ts";
import { DINNERS } from "./catalog/dinners.ts";
import { NIGHTS } from "./catalog/nights.ts";
import type { Activity } from "./catalog/schema.ts";
import { daySummary, dayTheme, type DraftItem } from "./days.ts";
import { unitsPerEur } from "./exchange-rates.ts";
import { CENTRAL_AREAS, coordinates } from "./geography.ts";
import { BALANCED, canonicalInterests, INTEREST_LABEL } from "./interests.ts";
import { layout, type Role } from "./layout.ts";
import { countryPrice, niceFloor, priceLevel } from "./money.ts";
import { canonicalJson, hash32, pickOne, prng, shuffled } from "./random.ts";
import { choose, type Context } from "./select.ts";
import { buildTips } from "./tips.ts";
import { addDays, clamp, displayName, fill, plural, titleCase } from "./text.ts";

/** Builds a plan from the request alone: pure and deterministic (same request → same plan). */
export function planOffline(request: GenerateRequest): GeneratedPlan {
  const random = prng(hash32(canonicalJson(request)));
  const adults = Math.max(1, request.adults ?? 1);
  const children = Math.max(0, request.children ?? 0);
  const withChildren = children > 0;
  const pace = request.pace ?? "moderate";
  const accessibility = request.accessibility_needs?.trim() ?? "";
  const accessible = accessibility.length > 0;
  const currency = request.budget.currency;
  const amount = request.budget.amount;

  const place = lookupDestination(request.destination);
  const city = displayName(request.destination, place);
  const fullName = place ? `${city}, ${place.country}` : titleCase(request.destination.trim());
  const dayCount = Math.max(1, tripDays(request.start_date, request.end_date));

  // Interests: the known ones in the order given; children add family time and remove nightlife.
  const asked = canonicalInterests(request.interests ?? []);
  let interests = asked.filter((i) => !(withChildren && i === "nightlife"));
  const balanced = interests.length === 0;
  if (balanced) interests = [...BALANCED];
  if (withChildren && !interests.includes("family")) interests.push("family");

  // Price level from the budget per person per day, in euros, corrected for the country's prices.
  const rate = unitsPerEur(currency);
  const countryFactor = countryPrice(place?.countryCode);
  const travellers = adults + 0.6 * children;
  const perPersonPerDay = rate === null ? null : amount / rate / travellers / dayCount / countryFactor;
  const level = priceLevel(perPersonPerDay);

  const ctx: Context = {
    random,
    interests,
    withChildren,
    accessible,
    level: level.factor,
    used: new Map(),
  };

  // Pick the activities, day by day.
  const rotation = shuffled(interests, random);
  let turn = 0;
  const days: { date: string; role: Role; items: DraftItem[] }[] = [];
  for (let d = 0; d < dayCount; d++) {
    const role: Role = dayCount === 1
      ? "single"
      : d === 0
      ? "arrival"
      : d === dayCount - 1
      ? "departure"
      : "full";
    const today = new Set<string>();
    const items: DraftItem[] = [];
    layout(pace, role, withChildren, random).forEach((plan, position) => {
      let activity: Activity;
      if (plan.slot === "evening") {
        const welcome = DINNERS[0];
        activity = role === "arrival" && !ctx.used.has(welcome.id)
          ? welcome
          : choose(DINNERS.slice(1), plan, rotation[turn % rotation.length], ctx, today);
      } else if (plan.slot === "night") {
        activity = choose(NIGHTS, plan, rotation[turn % rotation.length], ctx, today);
      } else {
        // Arrival and departure days stay central and easy: close to the accommodation and the station.
        const prefer = role === "arrival" || role === "departure"
          ? (a: Activity) => CENTRAL_AREAS.has(a.area) && a.kind !== "tour" && a.cost <= 30
          : undefined;
        activity = choose(ACTIVITIES, plan, rotation[turn++ % rotation.length], ctx, today, prefer);
      }
      today.add(activity.id);
      ctx.used.set(activity.id, (ctx.used.get(activity.id) ?? 0) + 1);
      const start = position === 0 && activity.at ? activity.at : pickOne(plan.times, random);
      const party = adults + children * (activity.child ?? 0.5);
      items.push({ activity, slot: plan.slot, start, rawCost: activity.cost * party });
    });
    days.push({ date: addDays(request.start_date, d), role, items });
  }

  // Costs: base × price level × country × currency, then scaled to stay within 90% of the budget.
  const all = days.flatMap((d) => d.items);
  const cap = amount * 0.9;
  const priced = all.map((i) => i.rawCost * level.factor * countryFactor * (rate ?? 1));
  const total = priced.reduce((s, c) => s + c, 0);
  // With a currency we cannot convert, size the plan to about 40% of the budget.
  let factor = rate === null ? (total > 0 ? (amount * 0.4) / total : 1) : 1;
  if (total * factor > cap) factor = cap / total;
  const costs = priced.map((c) => niceFloor(c * factor));
  let sum = costs.reduce((s, c) => s + c, 0);
  for (let i = 0; sum > cap && i < costs.length * 100; i++) {
    const k = costs.indexOf(Math.max(...costs));
    costs[k] = Math.max(0, Math.round((costs[k] - 0.01) * 100) / 100);
    sum = costs.reduce((s, c) => s + c, 0);
  }
  const scaledDown = factor < 1 && rate !== null;

  // Assemble the plan.
  let k = 0;
  const planDays: GeneratedPlan["days"] = days.map((day, d) => {
    const items: PlanItem[] = day.items.map((draft) => {
      const a = draft.activity;
      let description = fill(a.description, city);
      if (accessible) description += ` ${ACCESS_NOTES[a.kind]}`;
      const coords = place ? coordinates(place, a) : { latitude: null, longitude: null };
      const placeName = place ? fill(a.place, city) : a.place.replace(/^\{city\}\s*/, "");
      return {
        time_slot: draft.slot,
        start_time: draft.start,
        title: clamp(fill(a.title, city), 200),
        description: clamp(description, 1000),
        place_name: clamp(placeName, 200),
        latitude: coords.latitude,
        longitude: coords.longitude,
        estimated_cost: costs[k++],
        booking_url: null,
      };
    });
    const spend = items.reduce((s, i) => s + i.estimated_cost, 0);
    return {
      date: day.date,
      title: clamp(`Day ${d + 1} · ${dayTheme(day.role, day.items)}`, 200),
      summary: clamp(daySummary(day.role, day.items, city, spend, currency), 2000),
      items,
    };
  });

  const spent = Math.round(sum * 100) / 100;
  const party = withChildren
    ? `${plural(adults, "adult", "adults")} and ${plural(children, "child", "children")}`
    : plural(adults, "adult", "adults");
  const paceWords = { relaxed: "relaxed", moderate: "moderately paced", packed: "packed" }[pace];
  const focus = balanced
    ? "a balanced mix of history, food, architecture and green spaces"
    : formatList(interests.map((i) => INTEREST_LABEL[i]));
  const when = dayCount === 1
    ? `on ${formatDateRange(request.start_date, request.end_date)}`
    : formatDateRange(
      request.start_date,
      request.end_date,
    );
  const summary = [
    `${
      /^(8|11|18)$/.test(String(dayCount)) ? "An" : "A"
    } ${dayCount}-day, ${paceWords} trip to ${fullName}, ${when}, for ${party}.`,
    `It is built around ${focus}, at a ${level.label} price level${
      accessible ? ", with step-free and accessible options throughout" : ""
    }.`,
    `Activities and meals are estimated at about ${formatMoney(spent, currency)} of the ${
      formatMoney(amount, currency)
    } budget, leaving the rest for accommodation, transport and extras.`,
  ].join(" ");

  const title = dayCount === 1 ? `A day in ${city}` : `${dayCount} days in ${city}`;
  return {
    title: clamp(title, 200),
    summary: clamp(summary, 5000),
    tips: buildTips({
      city,
      place,
      currency,
      accessibility,
      withChildren,
      droppedNightlife: withChildren && asked.includes("nightlife"),
      scaledDown,
      language: request.language ?? "en",
      interests,
    }),
    days: planDays,
  };
}
