// The offline planner's data: catalogs validated at load (a bad entry fails at import, naming itself) and
// exchange rates that carry their date and go stale.
import { describe, expect, it } from "vitest";
import { ACTIVITIES } from "../../edge-functions/_planner/offline/catalog/activities.ts";
import { DINNERS } from "../../edge-functions/_planner/offline/catalog/dinners.ts";
import { NIGHTS } from "../../edge-functions/_planner/offline/catalog/nights.ts";
import { defineCatalog } from "../../edge-functions/_planner/offline/catalog/schema.ts";
import {
  EXCHANGE_RATES,
  RATES_MAX_AGE_DAYS,
  ratesAgeDays,
  unitsPerEur,
} from "../../edge-functions/_planner/offline/exchange-rates.ts";

const good = {
  id: "tiny-walk",
  tags: ["food"],
  slots: ["morning"],
  area: "Old town",
  title: "A walk in {city}",
  description: "A short walk.",
  place: "{city} Old Town",
  kind: "walk",
  cost: 0,
};

describe("offline catalogs", () => {
  it("load validated and frozen", () => {
    expect(ACTIVITIES.length).toBeGreaterThan(50);
    expect(DINNERS[0].id).toBe("welcome-dinner");
    expect(NIGHTS.length).toBeGreaterThan(5);
    expect(Object.isFrozen(ACTIVITIES)).toBe(true);
  });

  it.each([
    ["an unknown interest", { ...good, tags: ["karaoke"] }, /0\.tags\.0/],
    ["a slot that does not exist", { ...good, slots: ["brunch"] }, /0\.slots\.0/],
    ["a place without the {city} prefix", { ...good, place: "Old Town" }, /0\.place/],
    ["a negative cost", { ...good, cost: -1 }, /0\.cost/],
    ["a start time out of range", { ...good, at: "25:00" }, /0\.at/],
    ["a misspelt field", { ...good, adultOnly: true }, /adultOnly/],
  ])("refuse %s at load, naming the catalog and the entry", (_name, entry, where) => {
    expect(() => defineCatalog("test", [entry])).toThrowError(/offline catalog test is invalid/);
    expect(() => defineCatalog("test", [entry])).toThrowError(where);
  });

  it("refuse a duplicate id", () => {
    expect(() => defineCatalog("test", [good, good])).toThrowError(/duplicate id tiny-walk/);
  });
});

describe("exchange rates", () => {
  it("carry their date and a rate for the base currency", () => {
    expect(EXCHANGE_RATES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(unitsPerEur("EUR")).toBe(1);
    expect(unitsPerEur("JPY")).toBeGreaterThan(1);
    expect(unitsPerEur("XYZ")).toBeNull();
    expect(unitsPerEur("constructor")).toBeNull();
  });

  it("count their age in days from a given date", () => {
    const asOf = new Date(`${EXCHANGE_RATES.asOf}T00:00:00Z`);
    expect(ratesAgeDays(asOf)).toBe(0);
    expect(ratesAgeDays(new Date(asOf.getTime() + (RATES_MAX_AGE_DAYS + 1) * 86_400_000))).toBe(
      RATES_MAX_AGE_DAYS + 1,
    );
  });

  it(`are not older than ${RATES_MAX_AGE_DAYS} days today (refresh exchange-rates.ts and its date)`, () => {
    const age = ratesAgeDays(new Date());
    expect(age, `rates as of ${EXCHANGE_RATES.asOf} are ${age} days old`).toBeLessThanOrEqual(
      RATES_MAX_AGE_DAYS,
    );
  });
});
