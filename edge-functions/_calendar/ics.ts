// A plan as an RFC 5545 calendar (.ics): one VEVENT per plan item. Pure: plan data in, text out; no
// database, no clock unless none is given.
//
// Written here rather than with the `ics` package: the package validates every event with a schema library
// (about 0.3 ms of CPU per event, and the old code called it twice per item), so a plan's 6,000 items took
// seconds of CPU per anonymous request. The few properties we emit are plain text: escaped, folded, linear.
//
// Times: an item happens at a wall-clock time in the plan's IANA time zone (its start_time, or a default
// for its time slot). That local time is converted to UTC here and emitted as UTC (`...Z`), which RFC 5545
// allows for DTSTART/DTEND and which every calendar shows in the viewer's own zone, so no VTIMEZONE is
// needed. Local times that a DST change skips or repeats are resolved as RFC 5545 §3.3.5 says: a skipped
// time uses the UTC offset from before the gap, a repeated time means its first occurrence.
import { tzOffset } from "@date-fns/tz";

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
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const wallDate = new Date(0);
  wallDate.setUTCFullYear(year, month - 1, day);
  wallDate.setUTCHours(hour, minute, 0, 0);
  const wall = wallDate.getTime();
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

/** "YYYYMMDDTHHMMSSZ" (RFC 5545 DATE-TIME in UTC). */
function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** Years RFC 5545 can write (4 digits); a stored date outside them cannot become an event. */
function writable(date: Date): boolean {
  const year = date.getUTCFullYear();
  return Number.isFinite(date.getTime()) && year >= 1 && year <= 9999;
}

/**
 * Text as RFC 5545 TEXT accepts it before escaping: line breaks normalised to "\n", other control
 * characters (not allowed in TEXT) dropped.
 */
function cleanText(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "");
}

/** RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma, newline. */
function escapeText(text: string): string {
  return text.replace(/[\\;,\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** X-WR-CALNAME: escaped like TEXT, on one line. */
function calendarName(title: string): string {
  return escapeText(cleanText(title).replace(/\n+/g, " "));
}

/** The booking URL as a URI value (WHATWG-normalised), or null when it is not an http(s) URL. */
function httpUrl(value: string): string | null {
  if (/\s/.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** UTF-8 length of one code point. */
const octets = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Folds one content line to at most 75 octets per line (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  // deno-lint-ignore no-control-regex
  if (!/[^\u0000-\u007F]/.test(line)) {
    // ASCII: one octet per character.
    if (line.length <= 75) return line;
    const parts = [line.slice(0, 75)];
    for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join("\r\n ");
  }
  const out: string[] = [];
  let start = 0;
  let size = 0;
  let limit = 75;
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const n = octets(cp);
    if (size + n > limit) {
      out.push(line.slice(start, i));
      start = i;
      size = 0;
      limit = 74; // continuation lines begin with one space
    }
    size += n;
    i += width;
  }
  out.push(line.slice(start));
  return out.join("\r\n ");
}

/** The most events one calendar holds: what the database allows in a plan (60 days × 100 positions). */
export const MAX_CALENDAR_EVENTS = 6_000;

export interface BuildOptions {
  /** DTSTAMP of every event (default: now). */
  now?: Date;
  /** Events at most (default MAX_CALENDAR_EVENTS); the rest are left out. */
  maxEvents?: number;
  /** Told about items left out: their date or time cannot be written, or the calendar is full. */
  onSkip?: (skip: { item_id: string; reason: string }) => void;
}

/**
 * The plan as an .ics document (CRLF line endings, folded lines, UTC times). Never throws on odd stored
 * data: an item whose date or time cannot be placed (a year past 9999, BC, a malformed value) is left out
 * and reported through `onSkip`, the rest of the calendar is still served. Linear in the number of items.
 */
export function buildPlanCalendar(plan: CalendarPlan, options: BuildOptions = {}): string {
  const timeZone = resolveTimeZone(plan.timezone);
  const stamp = utcStamp(options.now ?? new Date());
  const max = options.maxEvents ?? MAX_CALENDAR_EVENTS;
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `PRODID:${PRODUCT_ID}`,
    "METHOD:PUBLISH",
    foldLine(`X-WR-CALNAME:${calendarName(plan.title)}`),
    "X-PUBLISHED-TTL:PT1H",
  ];
  let count = 0;
  // Items of a day share a few start times: each (date, slot, time) is converted once.
  const times = new Map<string, { start: Date; end: Date } | null>();
  const timesOf = (date: string, item: CalendarItem) => {
    const key = `${date}|${item.time_slot}|${item.start_time ?? ""}`;
    let found = times.get(key);
    if (found === undefined) {
      try {
        found = itemTimes(date, item, timeZone);
        if (!writable(found.start) || !writable(found.end)) found = null;
      } catch {
        found = null;
      }
      times.set(key, found);
    }
    return found;
  };
  for (const day of plan.days) {
    for (const item of day.items) {
      if (count >= max) {
        options.onSkip?.({ item_id: item.id, reason: "calendar_full" });
        continue;
      }
      const placed = timesOf(day.date, item);
      if (!placed) {
        options.onSkip?.({ item_id: item.id, reason: "unplaceable_time" });
        continue;
      }
      const { start, end } = placed;
      count++;
      const booking = item.booking_url ? cleanText(item.booking_url).trim() : "";
      const description = [
        item.description ? cleanText(item.description).trim() : "",
        booking ? `Booking: ${booking}` : "",
      ].filter(Boolean).join("\n\n");
      const url = booking ? httpUrl(booking) : null;
      lines.push(
        "BEGIN:VEVENT",
        foldLine(`UID:${escapeText(cleanText(item.id))}@tripmaster`),
        foldLine(`SUMMARY:${escapeText(cleanText(item.title))}`),
        `DTSTAMP:${stamp}`,
        `DTSTART:${utcStamp(start)}`,
        `DTEND:${utcStamp(end)}`,
      );
      if (description) lines.push(foldLine(`DESCRIPTION:${escapeText(description)}`));
      if (url) lines.push(foldLine(`URL:${url}`));
      if (
        item.latitude !== null && item.longitude !== null &&
        Number.isFinite(item.latitude) && Number.isFinite(item.longitude)
      ) {
        lines.push(`GEO:${item.latitude};${item.longitude}`);
      }
      if (item.place_name) lines.push(foldLine(`LOCATION:${escapeText(cleanText(item.place_name))}`));
      lines.push("END:VEVENT");
    }
  }
  lines.push("END:VCALENDAR");
  return lines.join("\r\n") + "\r\n";
}

/** An ASCII file name for the plan ("Lisbon & Porto, 2026" -> "lisbon-porto-2026"). */
export function calendarFileName(title: string): string {
  const slug = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  return `${slug || "plan"}.ics`;
}
