// plan-calendar benchmark (not a test; issue 8, finding 2). Prints figures; target: the largest plan the
// database allows (60 days × 100 items = 6,000 items) as a calendar in well under a second.
//   deno run -A --config edge-functions/deno.json benchmarks/plan-calendar/bench.ts [--db <url>] [--runs 20]
// 1. The ICS builder alone, on 600 and 6,000 items, against the builder before the fix (baseline-ics.ts:
//    the `ics` package, called once per item to test its URL and once for the calendar), measured in the
//    same run; the ratio is baseline / new.
// 2. With --db: the whole anonymous request through the real handler (public plan read as anon through
//    RLS, grouping, building), in-process against a throwaway database.
import { createSql } from "../../edge-functions/_shared/db.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { createPlanCalendarHandler } from "../../edge-functions/plan-calendar/handler.ts";
import { buildPlanCalendar, type CalendarPlan } from "../../edge-functions/_calendar/ics.ts";
import { buildPlanCalendar as baselineBuild } from "./baseline-ics.ts";

function arg(name: string, fallback?: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}
const runs = Number(arg("runs", "20"));
const dbUrl = arg("db");
const NOW = new Date("2026-11-30T10:00:00Z");

/** A plan as the generator would store it: every field filled, non-ASCII text, booking links. */
function makePlan(days: number, perDay: number): CalendarPlan {
  return {
    id: "00000000-0000-4000-8000-000000000000",
    title: "Sixty days in Lisbon, Porto & the Algarve",
    timezone: "Europe/Lisbon",
    days: Array.from({ length: days }, (_, d) => ({
      date: new Date(Date.UTC(2027, 2, 1 + d)).toISOString().slice(0, 10),
      items: Array.from({ length: perDay }, (_, p) => ({
        id: crypto.randomUUID(),
        time_slot: (["morning", "afternoon", "evening", "night"] as const)[p % 4],
        start_time: p % 3 === 0 ? null : `${String(8 + (p % 14)).padStart(2, "0")}:30`,
        title: `Stop ${p + 1}: Miradouro da Graça, café e pastéis de nata`,
        description:
          "Walk up through Alfama's stairways to the viewpoint; stop for a bica and a pastel de nata, then take tram 28 back down. Step-free alternative: the Castelo lift from Baixa.",
        place_name: "Miradouro da Graça, Lisboa",
        latitude: 38.7166,
        longitude: -9.1314,
        booking_url: p % 2 ? `https://Tickets.Example.com/book?day=${d}&item=${p}` : null,
      })),
    })),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);

function time(fn: () => unknown, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

console.log(`plan-calendar builder (ms; ${runs} runs new, fewer baseline runs at 6,000 items)`);
console.log("| items | new p50 | new p95 | baseline p50 | baseline p95 | ratio p50 (baseline / new) |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [days, perDay, baseRuns] of [[6, 100, 10], [60, 100, 3]] as const) {
  const plan = makePlan(days, perDay);
  // Warm both (JIT, time-zone data), then interleave nothing: each is measured in its own block.
  buildPlanCalendar(plan, { now: NOW });
  baselineBuild(makePlan(1, 10), { now: NOW });
  const fresh = time(() => buildPlanCalendar(plan, { now: NOW }), runs);
  const base = time(() => baselineBuild(plan, { now: NOW }), baseRuns);
  console.log(
    `| ${days * perDay} | ${ms(pct(fresh, 50))} | ${ms(pct(fresh, 95))} | ${ms(pct(base, 50))} | ${
      ms(pct(base, 95))
    } | ${(pct(base, 50) / pct(fresh, 50)).toFixed(0)}× |`,
  );
}

if (dbUrl) {
  const sql = createSql(dbUrl, { max: 3 });
  const [user] = await sql<{ id: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
      'bench-calendar@tripmaster.test', '', now(), '{"provider":"email"}', '{}', now(), now(), '', '', '', '')
    returning id`;
  const [plan] = await sql<{ id: string }[]>`
    insert into public.plans (user_id, title, destination, start_date, end_date, visibility, timezone)
    values (${user.id}, 'Sixty days in Portugal', 'Lisbon', '2027-03-01', '2027-04-29', 'public', 'Europe/Lisbon')
    returning id`;
  await sql`
    insert into public.plan_days (plan_id, day_number, date)
    select ${plan.id}, n, date '2027-03-01' + (n - 1) from generate_series(1, 60) n`;
  await sql`
    insert into public.plan_items (plan_id, day_id, position, time_slot, start_time, title, description,
      place_name, latitude, longitude, booking_url)
    select d.plan_id, d.id, p, (array['morning','afternoon','evening','night'])[p % 4 + 1]::public.time_slot,
      case when p % 3 = 0 then null else make_time(8 + p % 14, 30, 0) end,
      'Stop ' || p || ': Miradouro da Graça, café e pastéis de nata',
      'Walk up through Alfama''s stairways to the viewpoint; stop for a bica, then take tram 28 back down.',
      'Miradouro da Graça, Lisboa', 38.7166, -9.1314,
      case when p % 2 = 1 then 'https://tickets.example.com/book?item=' || p end
    from public.plan_days d, generate_series(0, 99) p where d.plan_id = ${plan.id}`;
  const handler = createPlanCalendarHandler({
    sql,
    verify: () => Promise.reject(new Error("no tokens in this benchmark")),
    logger: createLogger({}, () => {}),
    now: () => NOW,
  });
  const url = `http://127.0.0.1/plan-calendar/${plan.id}.ics`;
  const once = async () => {
    const res = await handler(new Request(url));
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return (await res.text()).length;
  };
  const size = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  console.log(
    `\nwhole anonymous request, 6,000-item public plan (${
      (size / 1e6).toFixed(1)
    } MB of ICS), ${runs} runs: ` +
      `p50 ${ms(pct(times, 50))} ms, p95 ${ms(pct(times, 95))} ms`,
  );
  await sql.end();
}
