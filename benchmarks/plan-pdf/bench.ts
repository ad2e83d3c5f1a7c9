// Plan PDF benchmark (not a test): renders a 14-day plan (5 items a day, Japanese and Latin text, costs,
// notes, links) 200 times in one process, after a warm-up, and prints p50/p95. Target: p95 under 300 ms.
//   deno run -A --config edge-functions/deno.json benchmarks/plan-pdf/bench.ts
import { type PdfPlan, renderPlanPdf } from "../../edge-functions/_plan-pdf/render.ts";

const plan: PdfPlan = {
  id: "00000000-0000-4000-8000-000000000001",
  title: "京都と大阪 — Kyoto & Osaka in spring",
  destination: "京都",
  start_date: "2027-04-01",
  end_date: "2027-04-14",
  timezone: "Asia/Tokyo",
  currency: "JPY",
  language: "ja",
  adults: 2,
  children: 1,
  budget_amount: 400000,
  summary: "Two weeks of temples, food markets and day trips, at a relaxed pace.",
  days: Array.from({ length: 14 }, (_, d) => ({
    day_number: d + 1,
    date: `2027-04-${String(d + 1).padStart(2, "0")}`,
    title: `Day ${d + 1}: 東山`,
    summary: "Morning walk, lunch, a museum and dinner nearby.",
    items: Array.from({ length: 5 }, (_, i) => ({
      time_slot: (["morning", "morning", "afternoon", "evening", "night"] as const)[i],
      start_time: `${String(8 + i * 3).padStart(2, "0")}:00:00`,
      title: `清水寺 Kiyomizu-dera, stop ${i + 1}`,
      description:
        "Visit the place, take photos, try the local snack; about two hours, book ahead on weekends.",
      place_name: "京都市東山区清水1-294",
      estimated_cost: 1500 + i * 100,
      booking_url: `https://example.com/book/${d}/${i}`,
    })),
  })),
};

const link = "https://app.tripmaster.test/plans/00000000-0000-4000-8000-000000000001?token=abc";
for (let i = 0; i < 10; i++) await renderPlanPdf(plan, { link });
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  bytes = (await renderPlanPdf(plan, { link })).byteLength;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`14-day plan, 70 items, ${(bytes / 1024).toFixed(0)} KiB PDF, 200 renders:`);
console.log(
  `p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${times.at(-1)!.toFixed(1)} ms (target p95 < 300 ms)`,
);
