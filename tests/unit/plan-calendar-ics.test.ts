// The plan-calendar ICS builder: RFC 5545 shape, folding, escaping, and local times in the plan's zone
// converted to UTC correctly across DST changes.
import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  buildPlanCalendar,
  calendarFileName,
  type CalendarItem,
  type CalendarPlan,
  foldLine,
  MAX_CALENDAR_EVENTS,
  PRODUCT_ID,
  resolveTimeZone,
  zonedTimeToUtc,
} from "../../edge-functions/_calendar/ics.ts";

const NOW = new Date("2026-11-23T10:00:00Z");

function item(id: string, overrides: Partial<CalendarItem> = {}): CalendarItem {
  return {
    id,
    time_slot: "morning",
    start_time: null,
    title: `Item ${id}`,
    description: null,
    place_name: null,
    latitude: null,
    longitude: null,
    booking_url: null,
    ...overrides,
  };
}

function plan(timezone: string, days: CalendarPlan["days"], title = "Trip"): CalendarPlan {
  return { id: "5d0f6b0e-8c57-4e0a-9d59-2f0a4f1c2b3a", title, timezone, days };
}

/** Content lines (folding undone). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n").filter((l) => l !== "");

/** Each VEVENT's properties by name (value after the first ':'; parameters kept in the name). */
function events(ics: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of unfold(ics)) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      out.push(current!);
      current = null;
    } else if (current) {
      const i = line.indexOf(":");
      current[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

const byUid = (ics: string) => Object.fromEntries(events(ics).map((e) => [e.UID, e]));

describe("plan calendar: RFC 5545 shape", () => {
  const ics = buildPlanCalendar(
    plan("Europe/Lisbon", [
      { date: "2026-06-01", items: [item("a"), item("b", { time_slot: "afternoon" })] },
      { date: "2026-06-02", items: [item("c", { time_slot: "evening" })] },
    ], "Lisbon in June"),
    { now: NOW },
  );

  it("is a VCALENDAR 2.0 with a PRODID, a calendar name and one VEVENT per item", () => {
    const lines = unfold(ics);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain(`PRODID:${PRODUCT_ID}`);
    expect(lines).toContain("X-WR-CALNAME:Lisbon in June");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(3);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(3);
    expect(events(ics).map((e) => e.UID)).toEqual(["a@tripmaster", "b@tripmaster", "c@tripmaster"]);
    for (const e of events(ics)) {
      expect(e.DTSTAMP).toBe("20261123T100000Z");
      expect(e.SUMMARY).toMatch(/^Item [abc]$/);
    }
  });

  it("ends every line with CRLF and has no bare CR or LF", () => {
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("an empty plan is still a well-formed calendar", () => {
    const empty = buildPlanCalendar(plan("UTC", []), { now: NOW });
    expect(unfold(empty)[0]).toBe("BEGIN:VCALENDAR");
    expect(empty).not.toContain("BEGIN:VEVENT");
    expect(empty.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});

describe("plan calendar: folding", () => {
  const long = "Visite guidée: ção, 東京タワー, café ".repeat(20);
  const ics = buildPlanCalendar(
    plan("UTC", [{
      date: "2026-06-01",
      items: [item("long", { title: "A".repeat(190), description: long, place_name: "ü".repeat(150) })],
    }], "Ünïcødé ".repeat(20)),
    { now: NOW },
  );

  it("keeps every physical line within 75 octets, UTF-8 characters whole", () => {
    const physical = ics.split("\r\n").slice(0, -1);
    expect(physical.length).toBeGreaterThan(unfold(ics).length); // something was folded
    for (const line of physical) {
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    // continuation lines start with one space or tab
    const starts = physical.filter((l) => /^[ \t]/.test(l));
    expect(starts.length).toBeGreaterThan(0);
  });

  it("unfolds back to the original text", () => {
    const e = events(ics)[0];
    expect(e.SUMMARY).toBe("A".repeat(190));
    expect(e.LOCATION).toBe("ü".repeat(150));
    expect(e.DESCRIPTION).toBe(long.trim().replace(/,/g, "\\,"));
  });

  it("foldLine splits at 75 octets, then 74 + the leading space", () => {
    const folded = foldLine("x".repeat(200)).split("\r\n");
    expect(folded.map((l) => l.length)).toEqual([75, 75, 52]);
    expect(folded[1].startsWith(" ")).toBe(true);
    // a 3-octet character is never cut: 25 of them fill exactly 75 octets
    expect(foldLine("€".repeat(26)).split("\r\n")).toEqual(["€".repeat(25), " €"]);
  });
});

describe("plan calendar: times in the plan's time zone, emitted as UTC", () => {
  it("Europe/Lisbon across the last Sunday of March (WET -> WEST)", () => {
    const ics = buildPlanCalendar(
      plan("Europe/Lisbon", [
        { date: "2026-03-28", items: [item("sat", { start_time: "09:00:00" })] },
        {
          date: "2026-03-29",
          items: [
            item("sun", { start_time: "09:00:00" }),
            item("sun-before", { time_slot: "night", start_time: "00:30:00" }),
            item("sun-gap", { time_slot: "night", start_time: "01:30:00" }),
            item("sun-after", { time_slot: "night", start_time: "02:30:00" }),
          ],
        },
      ]),
      { now: NOW },
    );
    const e = byUid(ics);
    expect([e["sat@tripmaster"].DTSTART, e["sat@tripmaster"].DTEND]).toEqual([
      "20260328T090000Z",
      "20260328T120000Z",
    ]);
    expect([e["sun@tripmaster"].DTSTART, e["sun@tripmaster"].DTEND]).toEqual([
      "20260329T080000Z",
      "20260329T110000Z",
    ]);
    expect(e["sun-before@tripmaster"].DTSTART).toBe("20260329T003000Z");
    // 01:30 does not exist that night: read with the offset before the gap (RFC 5545 3.3.5)
    expect(e["sun-gap@tripmaster"].DTSTART).toBe("20260329T013000Z");
    expect(e["sun-after@tripmaster"].DTSTART).toBe("20260329T013000Z");
  });

  it("America/New_York across the first Sunday of November (EDT -> EST)", () => {
    const ics = buildPlanCalendar(
      plan("America/New_York", [
        {
          date: "2026-10-31",
          items: [item("sat"), item("sat-dinner", { time_slot: "evening", start_time: "18:45" })],
        },
        {
          date: "2026-11-01",
          items: [
            item("sun"),
            item("sun-dinner", { time_slot: "evening", start_time: "18:45" }),
            item("sun-twice", { time_slot: "night", start_time: "01:30:00" }),
          ],
        },
      ]),
      { now: NOW },
    );
    const e = byUid(ics);
    expect(e["sat@tripmaster"].DTSTART).toBe("20261031T130000Z");
    expect(e["sat-dinner@tripmaster"].DTSTART).toBe("20261031T224500Z");
    expect(e["sat-dinner@tripmaster"].DTEND).toBe("20261101T004500Z");
    expect(e["sun@tripmaster"].DTSTART).toBe("20261101T140000Z");
    expect(e["sun@tripmaster"].DTEND).toBe("20261101T170000Z");
    expect(e["sun-dinner@tripmaster"].DTSTART).toBe("20261101T234500Z");
    // 01:30 happens twice that night: the first occurrence (EDT)
    expect(e["sun-twice@tripmaster"].DTSTART).toBe("20261101T053000Z");
  });

  it("uses each slot's default start and length when an item has no start time", () => {
    const ics = buildPlanCalendar(
      plan("UTC", [{
        date: "2026-07-14",
        items: (["morning", "afternoon", "evening", "night"] as const).map((slot) =>
          item(slot, { time_slot: slot })
        ),
      }]),
      { now: NOW },
    );
    const e = byUid(ics);
    expect(["morning", "afternoon", "evening", "night"].map((s) => [
      e[`${s}@tripmaster`].DTSTART,
      e[`${s}@tripmaster`].DTEND,
    ])).toEqual([
      ["20260714T090000Z", "20260714T120000Z"],
      ["20260714T140000Z", "20260714T170000Z"],
      ["20260714T190000Z", "20260714T210000Z"],
      ["20260714T220000Z", "20260715T000000Z"],
    ]);
  });

  it("a zone east of UTC moves items to the previous UTC day", () => {
    const e = events(buildPlanCalendar(
      plan("Asia/Tokyo", [{ date: "2026-04-01", items: [item("t", { start_time: "07:15:00" })] }]),
      { now: NOW },
    ))[0];
    expect(e.DTSTART).toBe("20260331T221500Z");
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    expect(resolveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(resolveTimeZone("Europe/Lisbon")).toBe("Europe/Lisbon");
    const e = events(buildPlanCalendar(
      plan("Mars/Olympus_Mons", [{ date: "2026-06-01", items: [item("m")] }]),
      { now: NOW },
    ))[0];
    expect(e.DTSTART).toBe("20260601T090000Z");
  });
});

describe("zonedTimeToUtc", () => {
  const iso = (d: Date) => d.toISOString();

  it("resolves skipped and repeated local times as RFC 5545 says, on any host TZ", () => {
    // gaps: the offset before the gap
    expect(iso(zonedTimeToUtc(2026, 3, 29, 1, 30, "Europe/Lisbon"))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(zonedTimeToUtc(2026, 3, 8, 2, 30, "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
    expect(iso(zonedTimeToUtc(2026, 10, 4, 2, 15, "Australia/Lord_Howe"))).toBe("2026-10-03T15:45:00.000Z");
    // repeats: the first occurrence
    expect(iso(zonedTimeToUtc(2026, 10, 25, 1, 30, "Europe/Lisbon"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(zonedTimeToUtc(2026, 11, 1, 1, 30, "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(zonedTimeToUtc(2026, 4, 5, 2, 30, "Australia/Sydney"))).toBe("2026-04-04T15:30:00.000Z");
  });

  it("agrees with the zone's own clock for every hour of a year (and with TZDate away from changes)", () => {
    for (const tz of ["Europe/Lisbon", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]) {
      const wallClock = new Intl.DateTimeFormat("en-CA", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
      let gaps = 0;
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
        const w = new Date(t);
        const [y, m, d, h] = [w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours()];
        const utc = zonedTimeToUtc(y, m, d, h, 30, tz);
        const shown = wallClock.format(utc).replace(",", "");
        const expected = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")} ${
          String(h).padStart(2, "0")
        }:30`;
        if (shown !== expected) {
          gaps++; // a skipped hour: shown one hour later
          continue;
        }
        const tzDate = new TZDate(y, m - 1, d, h, 30, tz);
        const later = zonedTimeToUtc(y, m, d, h, 30, tz).getTime() + 3_600_000;
        const repeated = wallClock.format(new Date(later)).replace(",", "") === expected;
        if (!repeated) expect(tzDate.getTime(), `${tz} ${expected}`).toBe(utc.getTime());
      }
      expect(gaps, tz).toBe(tz === "Asia/Kolkata" || tz === "UTC" ? 0 : 1);
    }
  });
});

describe("plan calendar: properties and escaping", () => {
  const ics = buildPlanCalendar(
    plan("UTC", [{
      date: "2026-06-01",
      items: [
        item("full", {
          title: "Tram 28, Alfama; Graça\nand back \\ again",
          description: "Line one, with a comma;\r\nline two\tand a tab\u0007",
          place_name: "Praça do Comércio, Lisboa; Portugal",
          latitude: 38.707751,
          longitude: -9.136592,
          booking_url: "https://tickets.example.com/tram?day=1&seats=2",
        }),
        item("upper", { booking_url: "https://Tickets.Example.COM/Path" }),
        item("zero", { latitude: 0, longitude: 0 }),
        item("bare"),
      ],
    }], "Lisbon, Porto; and more"),
    { now: NOW },
  );
  const e = byUid(ics);

  it("escapes commas, semicolons, backslashes and newlines in text", () => {
    expect(e["full@tripmaster"].SUMMARY).toBe("Tram 28\\, Alfama\\; Graça\\nand back \\\\ again");
    expect(e["full@tripmaster"].LOCATION).toBe("Praça do Comércio\\, Lisboa\\; Portugal");
    expect(e["full@tripmaster"].DESCRIPTION).toBe(
      "Line one\\, with a comma\\;\\nline two\tand a tab\\n\\nBooking: https://tickets.example.com/tram?day=1&seats=2",
    );
    expect(unfold(ics)).toContain("X-WR-CALNAME:Lisbon\\, Porto\\; and more");
  });

  it("adds GEO and URL when the item has them, and nothing when it does not", () => {
    expect(e["full@tripmaster"].GEO).toBe("38.707751;-9.136592");
    expect(e["full@tripmaster"].URL).toBe("https://tickets.example.com/tram?day=1&seats=2");
    expect(e["zero@tripmaster"].GEO).toBe("0;0");
    expect(e["bare@tripmaster"]).not.toHaveProperty("GEO");
    expect(e["bare@tripmaster"]).not.toHaveProperty("URL");
    expect(e["bare@tripmaster"]).not.toHaveProperty("LOCATION");
    expect(e["bare@tripmaster"]).not.toHaveProperty("DESCRIPTION");
  });

  it("normalises a booking URL the library would refuse instead of failing the calendar", () => {
    expect(e["upper@tripmaster"].URL).toBe("https://tickets.example.com/Path");
    expect(e["upper@tripmaster"].DESCRIPTION).toBe("Booking: https://Tickets.Example.COM/Path");
  });
});

describe("calendarFileName", () => {
  it.each([
    ["Lisbon & Porto, 2026", "lisbon-porto-2026.ics"],
    ["Ça va? Côte d'Azur!", "ca-va-cote-d-azur.ics"],
    ["東京", "plan.ics"],
    ["  --  ", "plan.ics"],
  ])("%s -> %s", (title, name) => {
    expect(calendarFileName(title)).toBe(name);
  });

  it("stays short", () => {
    expect(calendarFileName("word ".repeat(100)).length).toBeLessThanOrEqual(84);
  });
});

describe("plan calendar: odd stored data and bounded work (issue 8, findings 2 and 7)", () => {
  it("leaves out items it cannot place (year 10000, BC, malformed) and serves the rest", () => {
    const skipped: { item_id: string; reason: string }[] = [];
    const ics = buildPlanCalendar(
      plan("Europe/Lisbon", [
        { date: "10000-01-01", items: [item("y10k")] },
        { date: "0044-03-15 BC", items: [item("bc")] },
        { date: "2026-06-01", items: [item("ok"), item("bad-time", { start_time: "noon" })] },
        { date: "9999-12-31", items: [item("overflow", { time_slot: "night", start_time: "23:30" })] },
      ]),
      { now: NOW, onSkip: (s) => skipped.push(s) },
    );
    expect(events(ics).map((e) => e.UID)).toEqual(["ok@tripmaster"]);
    expect(skipped).toEqual([
      { item_id: "y10k", reason: "unplaceable_time" },
      { item_id: "bc", reason: "unplaceable_time" },
      { item_id: "bad-time", reason: "unplaceable_time" },
      { item_id: "overflow", reason: "unplaceable_time" },
    ]);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });

  it("writes early years with four digits (not read as 19xx)", () => {
    const e = byUid(
      buildPlanCalendar(plan("UTC", [{ date: "0099-06-01", items: [item("old")] }]), { now: NOW }),
    );
    expect(e["old@tripmaster"].DTSTART).toBe("00990601T090000Z");
  });

  it("holds every item of the largest plan the database allows, and no more", () => {
    const days = Array.from({ length: 61 }, (_, d) => ({
      date: new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10),
      items: Array.from({ length: 100 }, (_, p) =>
        item(`${d}-${p}`, {
          description: "Walk, then coffee; ü",
          booking_url: "https://example.com/b?x=1",
          latitude: 1,
          longitude: 2,
        })),
    }));
    const skipped: string[] = [];
    const ics = buildPlanCalendar(plan("Europe/Lisbon", days), {
      now: NOW,
      onSkip: (s) => skipped.push(s.reason),
    });
    expect(MAX_CALENDAR_EVENTS).toBe(6000);
    expect(events(ics)).toHaveLength(6000);
    expect(skipped).toEqual(Array(100).fill("calendar_full"));
    expect(events(ics)[5999].UID).toBe("59-99@tripmaster");
  });
});
