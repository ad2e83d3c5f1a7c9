// A plan's private inputs (today: the accessibility needs, owner-only by design) must never reach a column
// that others read once the plan is public or shared (title, summary, tips, Markdown, day and item text).
// The planners are told not to repeat them, and whatever a model writes anyway is redacted here before the
// plan is saved; a deferred check in the database (private.plan_echoes_private_text) refuses the save if
// the text still got through.
//
// What counts as the text: its words in order (case and punctuation ignored, whole words), the whole of it
// when it is short, and every run of ECHO_WINDOW words of it when it is long (a model quoting part of a
// long note). The same normalisation is used by the SQL check.
import type { GeneratedPlan } from "./schema.ts";

/** Words in a row, taken from a long private note, that count as quoting it. */
export const ECHO_WINDOW = 6;
/** A note with fewer letters and digits than this ("no", "n/a") says nothing and is not looked for. */
export const MIN_PRIVATE_CHARS = 4;
/** What a redacted passage becomes. */
export const REDACTED = "…";

/** Lower case, every run of other than letters and digits turned into one space, trimmed. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Patterns that find the private text (or a long enough part of it) in other text, as whole words. */
export function privateTextPatterns(privateText: string | null | undefined): RegExp[] {
  const norm = normalizeText(privateText ?? "");
  if (norm.replace(/ /g, "").length < MIN_PRIVATE_CHARS) return [];
  const words = norm.split(" ");
  const runs = words.length <= ECHO_WINDOW
    ? [words]
    : Array.from({ length: words.length - ECHO_WINDOW + 1 }, (_, i) => words.slice(i, i + ECHO_WINDOW));
  const unique = [...new Set(runs.map((r) => r.join(" ")))];
  return unique.map((run) =>
    new RegExp(
      `(?<![\\p{L}\\p{N}])${run.split(" ").map(escapeRegExp).join("[^\\p{L}\\p{N}]+")}(?![\\p{L}\\p{N}])`,
      "giu",
    )
  );
}

/** Whether `text` contains the private text (as `privateTextPatterns` defines it). */
export function echoesPrivateText(text: string, patterns: RegExp[]): boolean {
  return patterns.some((p) => {
    p.lastIndex = 0;
    return p.test(text);
  });
}

/** Every passage of the plan's text that repeats the private text, replaced with REDACTED; `count` says how
 * many fields changed. Nothing changes when there is no private text. */
export function redactPrivateText(
  plan: GeneratedPlan,
  privateText: string | null | undefined,
): { plan: GeneratedPlan; count: number } {
  const patterns = privateTextPatterns(privateText);
  if (!patterns.length) return { plan, count: 0 };
  let count = 0;
  const clean = <T extends string | null>(text: T): T => {
    if (text === null || !echoesPrivateText(text, patterns)) return text;
    count++;
    let out: string = text;
    // Repeat: a redaction can join words into a new occurrence ("a a b" with "a b").
    for (let i = 0; i < 5 && echoesPrivateText(out, patterns); i++) {
      for (const p of patterns) out = out.replace(p, REDACTED);
    }
    return out as T;
  };
  const result: GeneratedPlan = {
    title: clean(plan.title),
    summary: clean(plan.summary),
    tips: plan.tips.map((t) => clean(t)),
    days: plan.days.map((d) => ({
      ...d,
      title: clean(d.title),
      summary: clean(d.summary),
      items: d.items.map((i) => ({
        ...i,
        title: clean(i.title),
        description: clean(i.description),
        place_name: clean(i.place_name),
        // A link cannot be half redacted: it goes.
        booking_url: i.booking_url !== null && echoesPrivateText(i.booking_url, patterns)
          ? (count++, null)
          : i.booking_url,
      })),
    })),
  };
  return { plan: result, count };
}
