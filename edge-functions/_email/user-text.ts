// Text a user chose (a display name, a plan title, a destination) reaches emails only as plain, bounded
// body text: never in a subject, a heading or a preview line, where it would read as ours. React escapes
// it as HTML; here control characters (CR/LF among them), bidirectional overrides and runs of whitespace
// become single spaces, and long text is cut.
import { z } from "zod";

// C0/C1 controls, line/paragraph separators, and the bidi embedding/override/isolate characters that can
// make text display in another order than it is written.
// deno-lint-ignore no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

export function plainText(value: string, max: number): string {
  const flat = value.replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length <= max ? flat : chars.slice(0, max - 1).join("").trimEnd() + "…";
}

/** A template field holding user-chosen text: flattened to one plain line of at most `max` characters. */
export const userText = (max: number) =>
  z.string().transform((v) => plainText(v, max)).pipe(z.string().min(1));

/** The last guard on every subject: one line (no CR/LF can reach the header), bounded. */
export const safeSubject = (subject: string) => plainText(subject, 150);
