import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "../../edge-functions/_planner/markdown.ts";
import { type GeneratedPlan, generateRequestSchema } from "../../edge-functions/_planner/schema.ts";
import { validatePlan } from "../../edge-functions/_planner/validate.ts";

const schema = generateRequestSchema(() => "2027-01-01");
const request = schema.parse({
  destination: "Lisbon",
  start_date: "2027-04-10",
  end_date: "2027-04-11",
  adults: 2,
  budget: { amount: 500, currency: "EUR" },
  interests: ["food"],
});
const item = (cost: number, extra: Partial<GeneratedPlan["days"][0]["items"][0]> = {}) => ({
  time_slot: "morning" as const,
  start_time: "09:30",
  title: "Market breakfast",
  description: "Pastries at the market",
  place_name: "Mercado",
  latitude: 38.7,
  longitude: -9.1,
  estimated_cost: cost,
  booking_url: null,
  ...extra,
});
const plan = (over: Partial<GeneratedPlan> = {}): GeneratedPlan => ({
  title: "Two days in Lisbon",
  summary: "Food and views.",
  tips: ["Buy a Viva Viagem card."],
  days: [
    { date: "2027-04-10", title: "Arrival", summary: "", items: [item(40)] },
    { date: "2027-04-11", title: "Belém", summary: "", items: [item(60)] },
  ],
  ...over,
});

describe("the generation request", () => {
  const base = {
    destination: "Lisbon",
    start_date: "2027-04-10",
    end_date: "2027-04-12",
    budget: { amount: 900, currency: "EUR" },
  };
  const errorsOf = (body: unknown) => {
    const r = schema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };

  it("fills defaults for what may be left out", () => {
    expect(schema.parse(base)).toMatchObject({
      adults: 1,
      children: 0,
      pace: "moderate",
      language: "en",
      interests: [],
    });
  });
  it("refuses an end before the start", () =>
    expect(errorsOf({ ...base, end_date: "2027-04-09" })).toEqual(["end_date"]));
  it("refuses trips over 30 days", () =>
    expect(errorsOf({ ...base, end_date: "2027-05-10" })).toEqual(["end_date"]));
  it("accepts exactly 30 days", () => expect(errorsOf({ ...base, end_date: "2027-05-09" })).toEqual([]));
  it("refuses a start in the past", () =>
    expect(errorsOf({ ...base, start_date: "2026-12-30" })).toContain("start_date"));
  it("allows yesterday in UTC (still today west of UTC)", () =>
    expect(errorsOf({ ...base, start_date: "2026-12-31" })).not.toContain("start_date"));
  it("refuses bad currency, negative budget, unknown pace, extra keys", () => {
    expect(errorsOf({ ...base, budget: { amount: -1, currency: "euro" } }).sort()).toEqual([
      "budget.amount",
      "budget.currency",
    ]);
    expect(errorsOf({ ...base, pace: "frantic" })).toEqual(["pace"]);
    expect(errorsOf({ ...base, user_id: "someone-else" })).toEqual([""]);
  });
  it("refuses impossible dates", () =>
    expect(errorsOf({ ...base, start_date: "2027-02-30" })).toContain("start_date"));
});

describe("validatePlan", () => {
  it("accepts a plan that fits the request", () => {
    expect(validatePlan(plan(), request)).toMatchObject({ ok: true });
  });
  it("reports a wrong number of days", () => {
    const r = validatePlan(plan({ days: [plan().days[0]] }), request);
    expect(r).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/has 2 days .* but the plan has 1/)],
    });
  });
  it("reports dates outside or out of order", () => {
    const days = plan().days;
    const r = validatePlan(plan({ days: [days[0], { ...days[1], date: "2027-04-15" }] }), request);
    expect(r).toMatchObject({ ok: false, problems: ["days.1.date is 2027-04-15, expected 2027-04-11"] });
  });
  it("reports costs over the budget", () => {
    const days = plan().days;
    const r = validatePlan(plan({ days: [{ ...days[0], items: [item(480)] }, days[1]] }), request);
    expect(r).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/add up to 540.00 EUR, over the budget of 500/)],
    });
  });
  it("reports coordinates out of range and half-set pairs", () => {
    const days = plan().days;
    const bad = validatePlan(
      plan({ days: [{ ...days[0], items: [item(1, { latitude: 123 })] }, days[1]] }),
      request,
    );
    expect(bad).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^days\.0\.items\.0\.latitude/)],
    });
    const half = validatePlan(
      plan({ days: [{ ...days[0], items: [item(1, { longitude: null })] }, days[1]] }),
      request,
    );
    expect(half).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/both be set or both be null/)],
    });
  });
  it("reports schema violations with their path, and extra keys", () => {
    const r = validatePlan({ ...plan(), title: "", extra: 1 }, request);
    expect(r.ok).toBe(false);
    expect((r as { problems: string[] }).problems.join(" ")).toMatch(/title/);
  });
  it("refuses things that are not plans at all", () => {
    for (const raw of [null, "a plan", [], { days: "many" }]) {
      expect(validatePlan(raw, request).ok).toBe(false);
    }
  });
});

describe("renderPlanMarkdown", () => {
  it("renders title, facts, each day with its items, and tips", () => {
    const md = renderPlanMarkdown(plan(), request);
    expect(md).toMatch(/^# Two days in Lisbon\n/);
    expect(md).toContain("- **Dates:** 2027-04-10 to 2027-04-11");
    expect(md).toContain("## Day 2 · 2027-04-11 · Belém");
    expect(md).toContain("- **09:30 · Morning — Market breakfast** (Mercado) · €40.00");
    expect(md).toContain("€100.00 of a €500.00 budget");
    expect(md).toContain("## Tips\n\n- Buy a Viva Viagem card.");
  });
  it("escapes model text so it cannot inject links or markup", () => {
    const md = renderPlanMarkdown(plan({ title: "[click](http://evil.test) <img src=x>" }), request);
    expect(md).not.toContain("[click](http://evil.test)");
    expect(md).toContain("\\[click\\]");
    expect(md).toContain("\\<img src=x\\>");
  });
});
