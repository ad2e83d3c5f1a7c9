// Money, date ranges and lists are written one way (edge-functions/_format/intl.ts) in every rendering:
// the offline planner's prose, the plan Markdown, payment emails and the PDF.
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../edge-functions/_email/catalog.ts";
import {
  formatDateRange,
  formatList,
  formatMoney,
  formatMoneyMinor,
} from "../../edge-functions/_format/intl.ts";
import { renderPlanMarkdown } from "../../edge-functions/_planner/markdown.ts";
import { planOffline } from "../../edge-functions/_planner/offline/plan.ts";

// ICU versions differ in the spaces around a range's dash (Deno: "12–16", "28 June – 3 July"; Node:
// "12 – 16" with thin spaces), so ranges are matched with \s around it.

describe("formatting", () => {
  it("writes money with the currency's symbol and exponent", () => {
    expect(formatMoney(1234.5, "EUR")).toBe("€1,234.50");
    expect(formatMoney(1234.5, "JPY")).toBe("¥1,235");
    expect(formatMoney(2, "XYZ").replace(/\s/g, " ")).toBe("XYZ 2.00");
    expect(formatMoney(2, "not a code")).toBe("2.00 not a code");
    expect(formatMoneyMinor(4500, "EUR")).toBe("€45.00");
    expect(formatMoneyMinor(4500, "JPY")).toBe("¥4,500");
    expect(formatMoneyMinor(4500, "KWD")).toMatch(/4\.500/);
  });

  it("writes date ranges the British way, collapsing what both ends share", () => {
    expect(formatDateRange("2027-06-12", "2027-06-16")).toMatch(/^12\s?–\s?16 June 2027$/);
    expect(formatDateRange("2026-06-28", "2026-07-03")).toMatch(/^28 June\s–\s3 July 2026$/);
    expect(formatDateRange("2026-12-28", "2027-01-03")).toMatch(/^28 December 2026\s–\s3 January 2027$/);
    expect(formatDateRange("2026-06-12", "2026-06-12")).toBe("Friday, 12 June 2026");
  });

  it("joins lists with 'and'", () => {
    expect(formatList(["food"])).toBe("food");
    expect(formatList(["food", "art"])).toBe("food and art");
    expect(formatList(["food", "art", "wine"])).toBe("food, art and wine");
  });
});

describe("money reads the same in every rendering", () => {
  const request = {
    destination: "Tokyo",
    start_date: "2030-04-10",
    end_date: "2030-04-12",
    adults: 2,
    budget: { amount: 250_000, currency: "JPY" },
    interests: ["food"],
  };

  it("in the offline plan's summary and its Markdown", () => {
    const plan = planOffline(request as Parameters<typeof planOffline>[0]);
    const budget = formatMoney(250_000, "JPY");
    expect(budget).toBe("¥250,000");
    expect(plan.summary).toContain(`of the ${budget} budget`);
    expect(renderPlanMarkdown(plan, request as Parameters<typeof renderPlanMarkdown>[1])).toContain(
      `a ${budget} budget`,
    );
    for (const day of plan.days) {
      const spend = day.items.reduce((s, i) => s + i.estimated_cost, 0);
      if (spend > 0) expect(day.summary).toContain(formatMoney(Math.round(spend * 100) / 100, "JPY"));
    }
  });

  it("in a payment email", async () => {
    const email = await renderEmail("payment_receipt", {
      displayName: "Ada",
      description: "Walking tour",
      amountMinor: 4500,
      currency: "JPY",
      reference: "BK-1042",
    });
    expect(email.subject).toContain(formatMoneyMinor(4500, "JPY"));
    expect(email.subject).toContain("¥4,500");
  });
});
