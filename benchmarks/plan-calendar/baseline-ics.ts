// The calendar builder as it was before issue 8 (one `ics` library call per item to test its URL, then one
// for the whole calendar): kept only as the baseline the benchmark compares against.
// A plan as an RFC 5545 calendar (.ics): one VEVENT per plan item, built with the `ics` package. Pure: plan
// data in, text out; no database, no clock unless none is given.
//
// Times: an item happens at a wall-clock time in the plan's IANA time zone (its start_time, or a default
// for its time slot). That local time is converted to UTC here and emitted as UTC (`...Z`), which RFC 5545
// allows for DTSTART/DTEND and which every calendar shows in the viewer's own zone, so no VTIMEZONE is
// needed. Local times that a DST change skips or repeats are resolved as RFC 5545 §3.3.5 says: a skipped
// time uses the UTC offset from before the gap, a repeated time means its first occurrence.
import { tzOffset } from "@date-fns/tz";
import { createEvents, type EventAttributes } from "ics";

export type TimeSlot = "morning" | "afternoon" | "evening" | "night";

export interface CalendarItem {
  id: string;
  time_slot: TimeSlot;
  /** Local wall time "HH:MM" or "HH:MM:SS" in the plan's time zone; null: the slot's default. */
  start_time: string | null;
  title: string;
  description: string | null;
  place_name: string | null;
  latitude: number | null;
  longitude: number | null;
  booking_url: string | null;
}

export interface CalendarDay {
  /** "YYYY-MM-DD", a date in the plan's time zone. */
  date: string;
  items: CalendarItem[];
}

export interface CalendarPlan {
  id: string;
  title: string;
  /** IANA time zone (plans.timezone); an unknown zone falls back to UTC (see resolveTimeZone). */
  timezone: string;
  days: CalendarDay[];
}

export const PRODUCT_ID = "-//TripMaster//Plan Calendar 1.0//EN";

/** Start (local) and length of an item without a start_time, by time slot. */
export const SLOT_DEFAULTS: Record<TimeSlot, { hour: number; minute: number; hours: number }> = {
  morning: { hour: 9, minute: 0, hours: 3 },
  afternoon: { hour: 14, minute: 0, hours: 3 },
  evening: { hour: 19, minute: 0, hours: 2 },
  night: { hour: 22, minute: 0, hours: 2 },
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** True when the runtime knows this IANA zone name (or it is an offset zone like "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone to compute in: the plan's when the runtime knows it, else UTC. */
export function resolveTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isKnownTimeZone(timeZone) ? timeZone : "UTC";
}

/**
 * The UTC instant of a local wall time in an IANA zone. Unlike `new TZDate(...)`, whose answer for a
 * repeated hour depends on the host's own TZ, this follows RFC 5545 §3.3.5 on every host: a time repeated
 * by a DST change is its first occurrence; a time skipped by one is read with the offset before the gap
 * (Lisbon 01:30 on the spring-forward night is 01:30Z, shown as 02:30 WEST).
 */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets (minutes east of UTC) a day either side: any transition near this wall time lies between them.
  const before = tzOffset(timeZone, new Date(wall - DAY));
  const after = tzOffset(timeZone, new Date(wall + DAY));
  if (Number.isNaN(before) || Number.isNaN(after)) throw new RangeError(`unknown time zone ${timeZone}`);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => tzOffset(timeZone, new Date(instant)) * MINUTE === wall - instant);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wall - before * MINUTE); // in a gap
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** Start and end (UTC) of an item on a day, in the plan's zone. */
export function itemTimes(
  date: string,
  item: Pick<CalendarItem, "time_slot" | "start_time">,
  timeZone: string,
) {
  const d = DATE.exec(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  const slot = SLOT_DEFAULTS[item.time_slot];
  if (!slot) throw new RangeError(`unknown time slot: ${item.time_slot}`);
  let hour = slot.hour;
  let minute = slot.minute;
  if (item.start_time) {
    const t = TIME.exec(item.start_time);
    if (!t) throw new RangeError(`not a time: ${item.start_time}`);
    hour = Number(t[1]);
    minute = Number(t[2]);
  }
  const start = zonedTimeToUtc(Number(d[1]), Number(d[2]), Number(d[3]), hour, minute, timeZone);
  return { start, end: new Date(start.getTime() + slot.hours * 60 * MINUTE) };
}

/** UTC date-time as the `ics` package's array (read with startInputType "utc"). */
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

/** An ASCII file name for the plan ("Lisbon & Porto, 2026" -> "lisbon-porto-2026"). */
export function calendarFileName(title: string): string {
  const slug = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  return `${slug || "plan"}.ics`;
}
