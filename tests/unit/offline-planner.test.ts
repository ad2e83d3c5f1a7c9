// The offline planner (the default provider without a key) and its gazetteer: deterministic, one day per
// date, items by pace, costs within budget, coordinates near the city, family and accessibility handling,
// schema-valid for a wide spread of requests.
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../edge-functions/_format/intl.ts";
import { lookupDestination } from "../../edge-functions/_geo/gazetteer.ts";
import { renderPlanMarkdown } from "../../edge-functions/_planner/markdown.ts";
import { echoesPrivateText, privateTextPatterns } from "../../edge-functions/_planner/private-text.ts";
import { OFFLINE_INTERESTS } from "../../edge-functions/_planner/offline/interests.ts";
import { planOffline } from "../../edge-functions/_planner/offline/plan.ts";
import { createOfflineProvider } from "../../edge-functions/_planner/offline/provider.ts";
import { ACCESSIBILITY_TIP } from "../../edge-functions/_planner/offline/tips.ts";
import { PlanProviderError } from "../../edge-functions/_planner/providers/provider.ts";
import {
  type GeneratedPlan,
  generatedPlanSchema,
  type GenerateRequest,
  generateRequestSchema,
  PACES,
} from "../../edge-functions/_planner/schema.ts";

const schema = generateRequestSchema(() => "2027-01-01");
const request = (over: Record<string, unknown> = {}): GenerateRequest =>
  schema.parse({
    destination: "Lisbon",
    start_date: "2027-06-12",
    end_date: "2027-06-16",
    adults: 2,
    children: 0,
    budget: { amount: 2000, currency: "EUR" },
    interests: ["food", "history"],
    pace: "moderate",
    ...over,
  });

const items = (plan: GeneratedPlan) => plan.days.flatMap((d) => d.items);
const totalCost = (plan: GeneratedPlan) => items(plan).reduce((s, i) => s + i.estimated_cost, 0);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

/** Seeded PRNG for generating test requests (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NIGHTLIFE = /\b(bars?|pubs?|clubs?|cocktails?|nightlife|nightclubs?|nightcap|wine)\b/i;

describe("gazetteer", () => {
  it("finds Lisbon with its country, currency and time zone", () => {
    expect(lookupDestination("Lisbon")).toMatchObject({
      city: "Lisbon",
      country: "Portugal",
      countryCode: "PT",
      timezone: "Europe/Lisbon",
      currency: "EUR",
    });
    expect(lookupDestination("  lisbon, Portugal ")).toMatchObject({ countryCode: "PT" });
    expect(lookupDestination("LISBON")).toMatchObject({ countryCode: "PT" });
  });

  it("uses a country suffix to choose among same-name cities, else the most populous", () => {
    expect(lookupDestination("paris, france")).toMatchObject({ city: "Paris", countryCode: "FR" });
    expect(lookupDestination("Paris France")).toMatchObject({ countryCode: "FR" });
    expect(lookupDestination("London")).toMatchObject({ countryCode: "GB", currency: "GBP" });
    expect(lookupDestination("London, Canada")).toMatchObject({ countryCode: "CA", currency: "CAD" });
    expect(lookupDestination("London, Ontario")).toMatchObject({ countryCode: "CA" });
    expect(lookupDestination("London, UK")).toMatchObject({ countryCode: "GB" });
    expect(lookupDestination("St. Petersburg, Florida")).toMatchObject({ countryCode: "US" });
    expect(lookupDestination("Saint Petersburg")).toMatchObject({ countryCode: "RU" });
  });

  it("ignores accents and case, and knows common alternative names", () => {
    expect(lookupDestination("São Paulo")).toMatchObject({
      countryCode: "BR",
      timezone: "America/Sao_Paulo",
      currency: "BRL",
    });
    expect(lookupDestination("zurich")).toMatchObject({ city: "Zürich", currency: "CHF" });
    expect(lookupDestination("Krakow")).toMatchObject({ countryCode: "PL" });
    expect(lookupDestination("New York City")).toMatchObject({
      city: "New York",
      countryCode: "US",
      currency: "USD",
    });
    expect(lookupDestination("Washington, D.C.")).toMatchObject({ countryCode: "US" });
    expect(lookupDestination("Pristina")).toMatchObject({ countryCode: "XK" });
  });

  it("answers null for places it does not know, or a suffix that names somewhere else", () => {
    expect(lookupDestination("Narnia")).toBeNull();
    expect(lookupDestination("Algarve, Portugal")).toBeNull();
    expect(lookupDestination("Paris, Texas")).toBeNull();
    expect(lookupDestination("")).toBeNull();
  });

  it("gives valid coordinates and ISO codes", () => {
    for (const name of ["Tokyo", "Reykjavík", "Cusco", "Hong Kong", "Sydney", "Cape Town", "Kyoto"]) {
      const d = lookupDestination(name)!;
      expect(d, name).not.toBeNull();
      expect(d.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(d.currency).toMatch(/^[A-Z]{3}$/);
      expect(Math.abs(d.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(d.longitude)).toBeLessThanOrEqual(180);
      expect(d.timezone).toMatch(/^[A-Za-z_]+\/[A-Za-z_/-]+$/);
    }
  });
});

describe("planOffline", () => {
  it("is deterministic: the same request gives a deeply equal plan", () => {
    const r = request({ children: 1, accessibility_needs: "wheelchair user" });
    expect(planOffline(r)).toEqual(planOffline(structuredClone(r)));
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries(r).reverse()) as GenerateRequest;
    expect(planOffline(reordered)).toEqual(planOffline(r));
  });

  it("changes with the request", () => {
    expect(planOffline(request())).not.toEqual(planOffline(request({ interests: ["art", "wine"] })));
  });

  it("has exactly one day per date, in order, titled by number", () => {
    for (
      const [start, end, n] of [["2027-06-12", "2027-06-12", 1], ["2027-02-26", "2027-03-03", 6]] as const
    ) {
      const plan = planOffline(request({ start_date: start, end_date: end }));
      expect(plan.days).toHaveLength(n);
      plan.days.forEach((day, i) => {
        expect(day.date).toBe(addDays(start, i));
        expect(day.title).toMatch(new RegExp(`^Day ${i + 1} · \\S`));
      });
    }
    const month = planOffline(request({ start_date: "2027-12-20", end_date: "2028-01-18" }));
    expect(month.days.map((d) => d.date)).toEqual(
      Array.from({ length: 30 }, (_, i) => addDays("2027-12-20", i)),
    );
    expect(month.title).toBe("30 days in Lisbon");
  });

  it("fits the number of items to the pace, with lighter arrival and departure days", () => {
    const middle = (plan: GeneratedPlan) => plan.days.slice(1, -1);
    const relaxed = planOffline(request({ pace: "relaxed", end_date: "2027-06-20" }));
    for (const d of middle(relaxed)) {
      expect(d.items.map((i) => i.time_slot)).toEqual(["morning", "afternoon", "evening"]);
    }
    const moderate = planOffline(request({ pace: "moderate", end_date: "2027-06-20" }));
    for (const d of middle(moderate)) {
      expect(d.items.length).toBeGreaterThanOrEqual(3);
      expect(d.items.length).toBeLessThanOrEqual(4);
      expect(d.items.map((i) => i.time_slot)).toContain("evening");
    }
    const packed = planOffline(request({ pace: "packed", end_date: "2027-06-20" }));
    for (const d of middle(packed)) {
      expect(d.items).toHaveLength(5);
      expect(d.items.at(-1)!.time_slot).toBe("night");
    }
    const packedFamily = planOffline(request({ pace: "packed", children: 2, end_date: "2027-06-20" }));
    for (const d of middle(packedFamily)) expect(d.items).toHaveLength(4);

    for (const plan of [relaxed, moderate, packed, packedFamily]) {
      const fewest = Math.min(...middle(plan).map((d) => d.items.length));
      expect(plan.days[0].items.length).toBeLessThan(fewest);
      expect(plan.days.at(-1)!.items.length).toBeLessThan(fewest);
      expect(plan.days[0].items[0].time_slot).not.toBe("morning");
      expect(plan.days.at(-1)!.items.map((i) => i.time_slot)).not.toContain("evening");
      expect(plan.days[0].title).toMatch(/Arrival/);
      expect(plan.days.at(-1)!.title).toMatch(/departure/);
    }
  });

  it("orders items by time within each day", () => {
    const order = ["morning", "afternoon", "evening", "night"];
    for (const pace of PACES) {
      for (const day of planOffline(request({ pace, end_date: "2027-06-25" })).days) {
        const times = day.items.map((i) => i.start_time!);
        expect([...times].sort()).toEqual(times);
        const slots = day.items.map((i) => order.indexOf(i.time_slot));
        expect([...slots].sort((a, b) => a - b)).toEqual(slots);
      }
    }
  });

  it("does not repeat an activity within a trip while the catalog allows", () => {
    const plan = planOffline(request({ end_date: "2027-06-19", interests: ["food", "art", "nature"] }));
    const titles = items(plan).map((i) => i.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("draws on the requested interests", () => {
    const plan = planOffline(request({ interests: ["beaches"], end_date: "2027-06-14" }));
    const text = items(plan).map((i) => `${i.title} ${i.description}`).join(" ");
    expect(text).toMatch(/beach|coast|sea/i);
    expect(plan.summary).toMatch(/beaches/);
    const unknown = planOffline(request({ interests: ["quidditch"] }));
    expect(unknown.summary).toMatch(/balanced mix/);
  });

  it("keeps the sum of costs within the budget, in its currency", () => {
    for (
      const [amount, currency] of [[50, "EUR"], [900, "EUR"], [50_000, "USD"], [150_000, "JPY"], [
        75,
        "XYZ",
      ]] as const
    ) {
      const plan = planOffline(
        request({ budget: { amount, currency }, adults: 4, children: 3, end_date: "2027-06-30" }),
      );
      expect(totalCost(plan)).toBeLessThanOrEqual(amount * 0.9 + 1e-6);
      for (const i of items(plan)) {
        expect(i.estimated_cost).toBeGreaterThanOrEqual(0);
        expect(Math.round(i.estimated_cost * 100) / 100).toBe(i.estimated_cost);
      }
      // The budget in the currency, written the way every rendering writes money (Intl: €50.00, ¥150,000).
      expect(plan.summary).toContain(`of the ${formatMoney(amount, currency)} budget`);
    }
  });

  it("prices for the party and the price level", () => {
    const one = totalCost(planOffline(request({ adults: 1, budget: { amount: 100_000, currency: "EUR" } })));
    const four = totalCost(planOffline(request({ adults: 4, budget: { amount: 100_000, currency: "EUR" } })));
    expect(four).toBeGreaterThan(one * 2);
    const cheap = planOffline(request({ budget: { amount: 400, currency: "EUR" } }));
    const lavish = planOffline(request({ budget: { amount: 10_000, currency: "EUR" } }));
    expect(totalCost(lavish)).toBeGreaterThan(totalCost(cheap));
    expect(cheap.summary).toMatch(/shoestring|budget-conscious/);
    expect(lavish.summary).toMatch(/luxury|comfortable/);
  });

  it("puts every item within ~10 km of a known city, with a named place", () => {
    for (const destination of ["Lisbon", "Tokyo, Japan", "São Paulo", "Reykjavík", "Suva", "New York City"]) {
      const place = lookupDestination(destination)!;
      const plan = planOffline(request({ destination, pace: "packed", end_date: "2027-06-26" }));
      expect(plan.title).toBe(`15 days in ${destination === "São Paulo" ? "São Paulo" : place.city}`);
      for (const i of items(plan)) {
        expect(i.latitude).not.toBeNull();
        expect(i.longitude).not.toBeNull();
        expect(haversineKm(place.latitude, place.longitude, i.latitude!, i.longitude!)).toBeLessThan(10);
        expect(i.place_name).toBeTruthy();
      }
    }
  });

  it("leaves coordinates null for an unknown destination, with generic place names", () => {
    const plan = planOffline(request({ destination: "Somewhere Nice, Atlantis" }));
    expect(plan.title).toBe("5 days in Somewhere Nice");
    for (const i of items(plan)) {
      expect(i.latitude).toBeNull();
      expect(i.longitude).toBeNull();
      expect(i.place_name ?? "").not.toMatch(/Somewhere/);
    }
  });

  it("picks family-friendly things with children: no nightlife, no night slot", () => {
    for (const pace of PACES) {
      const plan = planOffline(
        request({ pace, children: 2, interests: ["nightlife", "wine", "music"], end_date: "2027-06-30" }),
      );
      for (const i of items(plan)) {
        expect(i.time_slot).not.toBe("night");
        expect(i.title).not.toMatch(NIGHTLIFE);
      }
      expect(plan.tips.join(" ")).toMatch(/children/i);
    }
  });

  it("mentions accessible options on items and in a tip when accessibility needs are given", () => {
    const plan = planOffline(
      request({ accessibility_needs: "I use a wheelchair", interests: ["hiking"], pace: "packed" }),
    );
    for (const i of items(plan)) expect(i.description).toMatch(/step-free|accessible/i);
    // Changed on purpose (issue 8, finding 1): the tip no longer quotes the traveller's own words.
    expect(plan.tips).toContain(ACCESSIBILITY_TIP);
    expect(plan.summary).toMatch(/accessible/);
    expect(items(plan).map((i) => i.title).join(" ")).not.toMatch(/hike|stairways|kayak/i);
    const without = planOffline(request());
    expect(items(without).some((i) => /step-free/i.test(i.description))).toBe(false);
  });

  it("never copies the private accessibility needs into the plan or its Markdown (issue 8, finding 1)", () => {
    for (
      const needs of [
        "I use a wheelchair",
        "Wheelchair user; my partner is blind and uses a guide dog",
        "no stairs please, bad knees",
      ]
    ) {
      const r = request({ accessibility_needs: needs, interests: ["hiking", "food"] });
      const plan = planOffline(r);
      const texts = [
        plan.title,
        plan.summary,
        ...plan.tips,
        ...plan.days.flatMap((d) => [d.title, d.summary]),
        ...items(plan).flatMap((i) => [i.title, i.description, i.place_name ?? ""]),
        renderPlanMarkdown(plan, r),
      ];
      const patterns = privateTextPatterns(needs);
      expect(patterns.length).toBeGreaterThan(0);
      for (const t of texts) expect(echoesPrivateText(t, patterns), t).toBe(false);
    }
  });

  it("writes a summary and 3 to 6 practical tips", () => {
    const plan = planOffline(request({ children: 1, budget: { amount: 900, currency: "USD" } }));
    expect(plan.summary).toMatch(/Lisbon/);
    expect(plan.summary).toMatch(/2 adults and 1 child/);
    // Intl's formatRange: "12–16 June 2027" (ICU of Deno) or with thin spaces around the dash (Node's ICU).
    expect(plan.summary).toMatch(/12\u2009?–\u2009?16 June 2027/);
    expect(plan.summary).toMatch(/moderately paced/);
    expect(plan.summary.split(/(?<=\.) /).length).toBeLessThanOrEqual(3);
    expect(plan.tips.length).toBeGreaterThanOrEqual(3);
    expect(plan.tips.length).toBeLessThanOrEqual(6);
    expect(plan.tips.join(" ")).toMatch(/USD/);
    expect(plan.tips.join(" ")).toMatch(/EUR/);
    expect(items(plan).every((i) => i.booking_url === null)).toBe(true);
  });

  it("produces a schema-valid plan for ~200 varied requests", () => {
    const random = rng(20270612);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const destinations = [
      "Lisbon",
      "paris, france",
      "Tokyo",
      "São Paulo",
      "New York City",
      "Reykjavík",
      "Cape Town",
      "Kyoto, Japan",
      "Bangkok",
      "Zurich",
      "Atlantis",
      "The Dolomites",
      "Algarve, Portugal",
      "a very long destination name that no gazetteer could know about, somewhere past the end of the map",
    ];
    const interests = [
      ...OFFLINE_INTERESTS,
      "street food",
      "quidditch",
      "local culture",
    ];
    const currencies = ["EUR", "USD", "GBP", "JPY", "BRL", "THB", "CHF", "XAF", "IDR"];
    for (let n = 0; n < 200; n++) {
      const days = 1 + Math.floor(random() * 30);
      const start = addDays("2027-01-01", Math.floor(random() * 700));
      const r = request({
        destination: pick(destinations),
        start_date: start,
        end_date: addDays(start, days - 1),
        adults: 1 + Math.floor(random() * 6),
        children: Math.floor(random() * 6),
        budget: { amount: Math.round(50 * Math.pow(1000, random()) * 100) / 100, currency: pick(currencies) },
        interests: Array.from({ length: Math.floor(random() * 5) }, () => pick(interests)),
        pace: pick(PACES),
        accessibility_needs: random() < 0.25 ? "step-free access please" : undefined,
        language: pick(["en", "pt-BR", "de"]),
      });
      const plan = planOffline(r);
      const context = JSON.stringify(r);
      expect(() => generatedPlanSchema.parse(plan), context).not.toThrow();
      expect(plan.days, context).toHaveLength(days);
      expect(plan.days.map((d) => d.date), context).toEqual(
        Array.from({ length: days }, (_, i) => addDays(start, i)),
      );
      expect(totalCost(plan), context).toBeLessThanOrEqual(r.budget.amount * 0.9 + 1e-6);
      expect(plan.tips.length, context).toBeGreaterThanOrEqual(3);
      expect(plan.tips.length, context).toBeLessThanOrEqual(6);
      if (r.children > 0) {
        expect(items(plan).some((i) => i.time_slot === "night"), context).toBe(false);
      }
    }
  });
});

describe("createOfflineProvider", () => {
  it("answers with the plan, zero usage and its model name", async () => {
    const provider = createOfflineProvider();
    expect(provider.name).toBe("offline");
    const r = request();
    const answer = await provider.generate(r);
    expect(answer).toEqual({
      plan: planOffline(r),
      usage: { input_tokens: 0, output_tokens: 0 },
      model: "tripmaster-offline-1",
    });
    expect(generatedPlanSchema.safeParse(answer.plan).success).toBe(true);
  });

  it("respects an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const attempt = createOfflineProvider().generate(request(), { signal: controller.signal });
    await expect(attempt).rejects.toBeInstanceOf(PlanProviderError);
    await expect(attempt).rejects.toMatchObject({ code: "provider_timeout", transient: false });
  });

  it("ignores a repair hint: its plans are valid to begin with", async () => {
    const r = request();
    const answer = await createOfflineProvider().generate(r, {
      repair: { previous: {}, problems: ["days: too few"] },
    });
    expect(answer.plan).toEqual(planOffline(r));
  });
});
