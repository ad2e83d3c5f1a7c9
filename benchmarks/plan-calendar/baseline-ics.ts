// The calendar builder as it was before issue 8 (one `ics` library call per item to test its URL, then one
// for the whole calendar): kept only as the baseline the benchmark compares against. The plan types and the
// time-zone arithmetic are the production module's (edge-functions/_calendar/ics.ts): what is measured is
// the building, which is what changed.
import { createEvents, type EventAttributes } from "ics";
import {
  type CalendarPlan,
  itemTimes,
  PRODUCT_ID,
  resolveTimeZone,
} from "../../edge-functions/_calendar/ics.ts";

function utcArray(date: Date): [number, number, number, number, number] {
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ];
}

/**
 * Text as RFC 5545 TEXT accepts it before escaping: line breaks normalised to "\n" (the library escapes
 * them), other control characters (not allowed in TEXT) dropped.
 */
function cleanText(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "");
}

/** X-WR-CALNAME gets no TEXT escaping from the library: escape it here, on one line. */
function calendarName(title: string): string {
  return cleanText(title).replace(/\n+/g, " ").replace(/[\\;,]/g, (c) => `\\${c}`);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** Whether the `ics` package accepts this one event (its URL check is stricter than the database's). */
function acceptedByIcs(event: EventAttributes): boolean {
  return createEvents([event]).error === null;
}

const encoder = new TextEncoder();

/** Folds one content line to at most 75 octets per line (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
      limit = 74; // continuation lines begin with one space
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

/**
 * The `ics` package folds at 75 characters, not octets, so non-ASCII text can exceed the limit: unfold
 * its output and fold again by octets.
 */
function refold(ics: string): string {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export interface BuildOptions {
  /** DTSTAMP of every event (default: now). */
  now?: Date;
}

/** The plan as an .ics document (CRLF line endings, folded lines, UTC times). */
export function buildPlanCalendar(plan: CalendarPlan, options: BuildOptions = {}): string {
  const timeZone = resolveTimeZone(plan.timezone);
  const stamp = (options.now ?? new Date()).getTime();
  const events: EventAttributes[] = [];
  for (const day of plan.days) {
    for (const item of day.items) {
      const { start, end } = itemTimes(day.date, item, timeZone);
      const booking = item.booking_url ? cleanText(item.booking_url).trim() : "";
      const description = [
        item.description ? cleanText(item.description).trim() : "",
        booking ? `Booking: ${booking}` : "",
      ].filter(Boolean).join("\n\n");
      const event: EventAttributes & { timestamp: number } = {
        uid: `${item.id}@tripmaster`,
        title: cleanText(item.title),
        start: utcArray(start),
        startInputType: "utc",
        startOutputType: "utc",
        end: utcArray(end),
        endInputType: "utc",
        endOutputType: "utc",
        timestamp: stamp,
        ...(description ? { description } : {}),
        ...(item.place_name ? { location: cleanText(item.place_name) } : {}),
        ...(item.latitude !== null && item.longitude !== null &&
            Number.isFinite(item.latitude) && Number.isFinite(item.longitude)
          ? { geo: { lat: item.latitude, lon: item.longitude } }
          : {}),
      };
      // The URL property only when the library takes it (its check refuses e.g. upper-case host names,
      // which the WHATWG form lower-cases); the link is in the description either way.
      const url = booking && isHttpUrl(booking)
        ? [booking, new URL(booking).href].find((u) => acceptedByIcs({ ...event, url: u }))
        : undefined;
      events.push(url ? { ...event, url } : event);
    }
  }
  const { error, value } = createEvents(events, {
    productId: PRODUCT_ID,
    method: "PUBLISH",
    calName: calendarName(plan.title),
  });
  if (error || !value) throw new Error(`could not build the calendar: ${error?.message ?? "no output"}`);
  return refold(value);
}
