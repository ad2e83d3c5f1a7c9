// A plan as a printable PDF (pdfkit): title, destination, dates, travellers, then day by day the items at
// their local time in the destination's zone, place, estimated cost in the plan currency and notes, then
// the total against the budget and a link to the plan. Pure: plan in, bytes out.
import PDFDocument from "pdfkit";
import { fontRuns, pdfFonts } from "./fonts.ts";
import { formatMoney } from "../_format/intl.ts";

export interface PdfItem {
  time_slot: "morning" | "afternoon" | "evening" | "night";
  start_time: string | null;
  title: string;
  description: string | null;
  place_name: string | null;
  estimated_cost: number | null;
  booking_url: string | null;
}

export interface PdfPlan {
  id: string;
  title: string;
  destination: string;
  start_date: string;
  end_date: string;
  timezone: string;
  currency: string;
  language: string;
  adults: number;
  children: number;
  budget_amount: number | null;
  summary: string | null;
  days: {
    day_number: number;
    date: string;
    title: string | null;
    summary: string | null;
    items: PdfItem[];
  }[];
}

type TextOptions = { indent?: number; link?: string; underline?: boolean };

/** The work one request may cause: anyone may print a public plan, and a plan may hold 6,000 items of
 * 4,000-character descriptions (tens of MB of laid-out text). A printout keeps the first items in full and
 * cuts long notes; the rest is in the app. */
export const PDF_MAX_ITEMS = 600;
export const PDF_MAX_NOTE_CHARS = 600;

/** The plan as the PDF prints it, and how many items it leaves out. */
export function boundPlanForPdf(plan: PdfPlan): { plan: PdfPlan; omitted: number } {
  let kept = 0;
  let omitted = 0;
  const cut = (t: string | null) =>
    t && t.length > PDF_MAX_NOTE_CHARS ? t.slice(0, PDF_MAX_NOTE_CHARS - 1) + "…" : t;
  const days = plan.days.map((day) => {
    const room = Math.max(0, PDF_MAX_ITEMS - kept);
    const items = day.items.slice(0, room).map((i) => ({ ...i, description: cut(i.description) }));
    kept += items.length;
    omitted += day.items.length - items.length;
    return { ...day, summary: cut(day.summary), items };
  });
  return { plan: { ...plan, summary: cut(plan.summary), days }, omitted };
}

const SLOT_LABEL = {
  morning: "Morning",
  afternoon: "Afternoon",
  evening: "Evening",
  night: "Night",
} as const;

/** Money in the plan's language, formatted like every other rendering (_format/intl.ts). */
const money = (amount: number, currency: string, language: string) => formatMoney(amount, currency, language);

function longDate(date: string, language: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  try {
    return new Intl.DateTimeFormat(language, {
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      timeZone: "UTC",
    })
      .format(d);
  } catch {
    return date;
  }
}

export function pdfFileName(title: string): string {
  const base = title.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/\s+/g, "-").slice(0, 60);
  return `${base || "plan"}.pdf`;
}

/** Renders the plan; `link` is printed at the end (a share link, or the plan's public page). */
export async function renderPlanPdf(full: PdfPlan, options: { link?: string | null; now?: Date } = {}) {
  const { plan, omitted } = boundPlanForPdf(full);
  // The total covers every item, printed or not.
  const total = full.days.flatMap((d) => d.items).reduce((sum, i) => sum + (i.estimated_cost ?? 0), 0);
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: plan.title, Creator: "TripMaster", CreationDate: options.now ?? new Date() },
    lang: plan.language,
    displayTitle: true,
  });
  for (const f of pdfFonts()) doc.registerFont(f.name, f.bytes as never);
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const text = (value: string, size: number, opts: TextOptions = {}, color = "#1f2937") => {
    const runs = fontRuns(value);
    doc.fontSize(size).fillColor(color);
    runs.forEach((run, i) =>
      doc.font(run.font.name).text(run.text, { ...opts, continued: i < runs.length - 1 })
    );
  };

  text(plan.title, 22);
  text(
    `${plan.destination} · ${longDate(plan.start_date, plan.language)} – ${
      longDate(plan.end_date, plan.language)
    }`,
    11,
    {},
    "#4b5563",
  );
  const travellers = `${plan.adults} adult${plan.adults === 1 ? "" : "s"}` +
    (plan.children ? `, ${plan.children} child${plan.children === 1 ? "" : "ren"}` : "");
  const budget = plan.budget_amount !== null
    ? ` · budget ${money(plan.budget_amount, plan.currency, plan.language)}`
    : "";
  text(`${travellers}${budget} · times are local to ${plan.timezone}`, 10, {}, "#4b5563");
  if (plan.summary) {
    doc.moveDown(0.5);
    text(plan.summary, 10);
  }

  for (const day of plan.days) {
    doc.moveDown(1);
    text(
      `Day ${day.day_number} · ${longDate(day.date, plan.language)}${day.title ? ` · ${day.title}` : ""}`,
      14,
      {},
      "#0f766e",
    );
    if (day.summary) text(day.summary, 9, {}, "#4b5563");
    for (const item of day.items) {
      doc.moveDown(0.3);
      const when = item.start_time ? item.start_time.slice(0, 5) : SLOT_LABEL[item.time_slot];
      const cost = item.estimated_cost !== null
        ? ` · ${money(item.estimated_cost, plan.currency, plan.language)}`
        : "";
      text(`${when}  ${item.title}${cost}`, 11);
      if (item.place_name) text(item.place_name, 9, { indent: 36 }, "#4b5563");
      if (item.description) text(item.description, 9, { indent: 36 }, "#374151");
      if (item.booking_url) {
        text(item.booking_url, 8, { indent: 36, link: item.booking_url, underline: true }, "#2563eb");
      }
    }
  }

  if (omitted > 0) {
    doc.moveDown(1);
    text(
      `${omitted} more item${omitted === 1 ? "" : "s"} of this plan ${
        omitted === 1 ? "is" : "are"
      } in the app.`,
      10,
    );
  }
  doc.moveDown(1);
  const against = plan.budget_amount !== null
    ? ` of ${money(plan.budget_amount, plan.currency, plan.language)} budget`
    : "";
  text(
    `Estimated total: ${money(Math.round(total * 100) / 100, plan.currency, plan.language)}${against}`,
    12,
  );
  if (options.link) {
    doc.moveDown(0.5);
    text(options.link, 9, { link: options.link, underline: true }, "#2563eb");
  }
  doc.end();
  await done;
  const size = chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
