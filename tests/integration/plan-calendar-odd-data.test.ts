// The plan-calendar handler against the real database when stored data is odd (issue 8, finding 7): rows
// saved before the date-range constraints existed (they are added NOT VALID where such rows exist) must not
// turn a public plan's calendar into a 500 for every viewer. The constraints are dropped for this file
// only, to store such rows as an older database could hold them, and put back afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { createPlanCalendarHandler } from "../../edge-functions/plan-calendar/handler.ts";
import { createUser, testSql } from "../support/db.ts";

let sql: Sql;
let planId: string;
let shareToken: string;
const warnings: string[] = [];

const handler = () =>
  createPlanCalendarHandler({
    sql,
    verify: () => Promise.reject(new Error("no tokens here")),
    logger: createLogger({}, (line, level) => void (level === "warn" && warnings.push(line))),
    now: () => new Date("2026-11-30T10:00:00Z"),
  });

beforeAll(async () => {
  sql = testSql(3);
  await sql`alter table public.plans drop constraint plans_dates_in_range`;
  await sql`alter table public.plan_days drop constraint plan_days_date_in_range`;
  const user = await createUser(sql);
  [{ id: planId }] = await sql<{ id: string }[]>`
    insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
    values (${user.id}, 'Odd dates', 'Nowhere', '10000-01-01', '10000-01-02', 'public') returning id`;
  const days = await sql<{ id: string; day_number: number }[]>`
    insert into public.plan_days (plan_id, day_number, date)
    values (${planId}, 1, '0044-03-15 BC'), (${planId}, 2, '2027-05-01'), (${planId}, 3, '10000-01-01')
    returning id, day_number`;
  for (const d of days) {
    await sql`insert into public.plan_items (plan_id, day_id, position, time_slot, title)
      values (${planId}, ${d.id}, 0, 'morning', ${`Day ${d.day_number}`})`;
  }
  [{ token: shareToken }] = await sql<{ token: string }[]>`
    insert into public.plan_shares (plan_id, expires_at) values (${planId}, now() + interval '1 day') returning token`;
});

afterAll(async () => {
  try {
    if (!planId) return;
    await sql`delete from public.plans where id = ${planId}`; // soft delete: the rows stay
    await sql`delete from public.plan_days where plan_id = ${planId}`;
    await sql`update public.plans set start_date = '2027-05-01', end_date = '2027-05-01' where id = ${planId}`;
  } finally {
    await sql`alter table public.plans add constraint plans_dates_in_range
      check (start_date between date '1900-01-01' and date '2199-12-31'
        and end_date between date '1900-01-01' and date '2199-12-31')`;
    await sql`alter table public.plan_days add constraint plan_days_date_in_range
      check (date between date '1900-01-01' and date '2199-12-31')`;
    await sql.end();
  }
});

describe("a public plan with dates the calendar cannot write", () => {
  for (const via of ["anonymous", "share link"] as const) {
    it(`answers 200 with the items it can place (${via}), and logs what it left out`, async () => {
      warnings.length = 0;
      const url = `http://127.0.0.1/plan-calendar/${planId}.ics${
        via === "share link" ? `?token=${shareToken}` : ""
      }`;
      const res = await handler()(new Request(url));
      expect(res.status).toBe(200);
      const ics = await res.text();
      expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
      expect(ics).toContain("SUMMARY:Day 2");
      expect(ics).toContain("DTSTART:20270501T090000Z");
      expect(warnings.join("\n")).toMatch(/calendar items left out.*"unplaceable_time":2/);
    });
  }
});
