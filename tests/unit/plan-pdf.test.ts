// The printable plan: a real PDF from pdfkit with embedded (subset) Noto fonts, in which every character
// of a plan mixing scripts is drawn with a font that has its glyph (no boxes).
import { describe, expect, it } from "vitest";
import { fontRuns, pdfFonts } from "../../edge-functions/_plan-pdf/fonts.ts";
import {
  boundPlanForPdf,
  PDF_MAX_ITEMS,
  PDF_MAX_NOTE_CHARS,
  pdfFileName,
  type PdfPlan,
  renderPlanPdf,
} from "../../edge-functions/_plan-pdf/render.ts";

const plan: PdfPlan = {
  id: "00000000-0000-4000-8000-000000000001",
  title: "東京の旅 — Tokyo, Αθήνα & Москва",
  destination: "東京",
  start_date: "2027-04-01",
  end_date: "2027-04-02",
  timezone: "Asia/Tokyo",
  currency: "JPY",
  language: "ja",
  adults: 2,
  children: 1,
  budget_amount: 40000,
  summary: "Temples and food. Ελλάδα later.",
  days: [1, 2].map((n) => ({
    day_number: n,
    date: `2027-04-0${n}`,
    title: n === 1 ? "浅草" : null,
    summary: null,
    items: [
      {
        time_slot: "morning",
        start_time: "09:00:00",
        title: "Senso-ji 浅草寺",
        description: "Tea at Café Ñandú, then Привет.",
        place_name: "東京都台東区浅草2-3-1",
        estimated_cost: 1500,
        booking_url: "https://example.com/book",
      },
      {
        time_slot: "evening",
        start_time: null,
        title: "Dinner",
        description: null,
        place_name: null,
        estimated_cost: null,
        booking_url: null,
      },
    ],
  })),
};

describe("plan PDF", () => {
  it("is a PDF with the Noto fonts embedded as subsets", async () => {
    const pdf = Buffer.from(await renderPlanPdf(plan, { link: "https://app.example/plans/x?token=abc" }));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
    const text = pdf.toString("latin1");
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansJP-Regular/);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/);
    expect(text).toContain("/URI (https://example.com/book)");
    expect(text).toContain("/URI (https://app.example/plans/x?token=abc)");
    // Subsets: far smaller than the 5 MiB CJK font.
    expect(pdf.byteLength).toBeLessThan(200_000);
  });

  it("draws every character with a font that has its glyph", () => {
    const money = new Intl.NumberFormat("ja", { style: "currency", currency: "JPY" }).format(1500);
    const strings = [
      plan.title,
      plan.summary!,
      ...plan.days[0].items.flatMap((i) => [i.title, i.description ?? "", i.place_name ?? ""]),
      `Ελλάδα · ${money}`,
      "Ñandú Привет",
    ];
    for (const s of strings) {
      for (const run of fontRuns(s)) {
        for (const ch of run.text) {
          if (ch.trim() === "") continue;
          expect(run.font.hasCodePoint(ch.codePointAt(0)!), `${ch} in ${run.font.name}`).toBe(true);
        }
      }
    }
    // A mixed line is cut into runs of two fonts.
    expect(new Set(fontRuns(`Ελλάδα · ${money}`).map((r) => r.font.name))).toEqual(
      new Set(["NotoSans", "NotoSansJP"]),
    );
    expect(fontRuns("Ελλάδα")[0].font.name).toBe("NotoSans");
    expect(pdfFonts().map((f) => f.name)).toEqual(["NotoSans", "NotoSansJP"]);
  });

  it("names the file after the plan", () => {
    expect(pdfFileName("Lisbon, 4 days!")).toBe("Lisbon-4-days.pdf");
    expect(pdfFileName("東京")).toBe("plan.pdf");
  });
});

describe("the work one printout may cause", () => {
  // The largest plan the schema allows: 60 days of 100 items with 4,000-character notes.
  const huge: PdfPlan = {
    ...plan,
    summary: "s".repeat(4000),
    days: Array.from({ length: 60 }, (_, d) => ({
      day_number: d + 1,
      date: "2027-04-10",
      title: null,
      summary: "d".repeat(4000),
      items: Array.from({ length: 100 }, (_, i) => ({
        time_slot: "morning" as const,
        start_time: null,
        title: `Item ${d}-${i}`,
        description: "n".repeat(4000),
        place_name: null,
        estimated_cost: 1,
        booking_url: null,
      })),
    })),
  };

  it("keeps the first items in full, cuts long notes, and counts what it leaves out", () => {
    const { plan: bounded, omitted } = boundPlanForPdf(huge);
    const items = bounded.days.flatMap((d) => d.items);
    expect(items).toHaveLength(PDF_MAX_ITEMS);
    expect(omitted).toBe(6000 - PDF_MAX_ITEMS);
    expect(items[0].title).toBe("Item 0-0");
    expect(Math.max(...items.map((i) => i.description!.length))).toBe(PDF_MAX_NOTE_CHARS);
    expect(bounded.summary!.length).toBe(PDF_MAX_NOTE_CHARS);
    expect(bounded.days.every((d) => (d.summary ?? "").length <= PDF_MAX_NOTE_CHARS)).toBe(true);
  });

  it("leaves a plan within the bounds as it is", () => {
    const { plan: same, omitted } = boundPlanForPdf(plan);
    expect(omitted).toBe(0);
    expect(same).toEqual(plan);
  });

  it("prints the bounded plan (a valid PDF)", async () => {
    const bytes = await renderPlanPdf(huge);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  });
});
