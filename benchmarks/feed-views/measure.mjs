// Feed-views benchmark, measurement half (benchmarks/feed-views/run.sh builds and seeds the database).
//
// Two destinations hold the same number of public plans; the newest 'Popular' plans carry a million view
// rows, the 'Quiet' ones none. Each scenario runs the same request for both destinations, alternating
// request by request on one connection, and reports popular / quiet: a ratio near 1 means the cost does
// not depend on the number of view rows. The reference scenario runs the feed as it was before the view
// counters (a count(*) of view rows per plan), to show what the same measurement says about a query whose
// cost does grow.
//
// Plain ESM JavaScript so it runs on Node 20 without a build step.

import process from "node:process";
import os from "node:os";
import postgres from "postgres";

const DB_URL = process.env.BENCH_DB_URL ?? "postgresql://postgres:postgres@127.0.0.1:54374/postgres";
const ITERATIONS = Number(process.env.BENCH_FEED_ITERATIONS ?? "500");
const WARMUP = Math.ceil(ITERATIONS / 10);

const text = (x) => x;
const sql = postgres(DB_URL, {
  prepare: false,
  max: 1,
  idle_timeout: 0,
  onnotice: () => {},
  types: {
    rawJson: { to: 114, from: [114, 3802], serialize: text, parse: text },
    timestamptz: { to: 1184, from: [1184], serialize: text, parse: text },
  },
});

// PostgREST's per-request settings (see benchmarks/rls/measure.mjs for the full shape).
const SET_CONFIG = `select set_config('search_path', '"public", "extensions"', true),
  set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true),
  set_config('request.method', $1, true), set_config('request.path', $2, true),
  set_config('request.headers', $3, true)`;

const wrap = (source) =>
  `WITH pgrst_source AS ( ${source} ) SELECT coalesce(json_agg(_postgrest_t), '[]') AS body ` +
  `FROM ( SELECT * FROM pgrst_source ) _postgrest_t`;

// GET /rpc/public_feed?destination=<d>&page_size=20, as anon
const FEED = wrap(
  `SELECT "pgrst_call".* FROM "public"."public_feed"("destination" := $1::text, "page_size" := $2::integer) pgrst_call`,
);

// The feed before the view counters (its first version, folded away when the migration series was reorganised): the same rows, each with a
// count(*) of its view rows. Run as postgres (it read everything as its definer did).
const OLD_FEED = wrap(
  `select p.id, p.title, p.destination, p.country_code, p.start_date, p.end_date, p.currency, p.budget_amount,
     p.summary, p.published_at, pr.display_name as creator_display_name,
     (select count(*) from public.plan_views v where v.plan_id = p.id) as view_count
   from public.plans p
   join public.profiles pr on pr.id = p.user_id and pr.deleted_at is null and pr.suspended_at is null
   where p.visibility = 'public' and p.deleted_at is null and lower(p.destination) = lower(btrim($1::text))
   order by p.published_at desc, p.id desc
   limit $2::integer`,
);

// POST /rpc/record_plan_view {plan_id}: a new anonymous viewer each time (a fresh client IP).
const RECORD = `SELECT public.record_plan_view("plan_id" := $1::uuid) AS body`;

let ipCounter = 0;
function nextHeaders() {
  ipCounter++;
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  return JSON.stringify({ "x-forwarded-for": ip, "user-agent": "bench" });
}

const clock = () => process.hrtime.bigint();

async function request(r) {
  let body;
  const t0 = clock();
  await sql.begin(
    r.readOnly ? "isolation level read committed read only" : "isolation level read committed",
    async (tx) => {
      if (r.asAnon) await tx.unsafe(SET_CONFIG, [r.method, r.path, nextHeaders()]);
      const rows = await tx.unsafe(r.sql, r.params);
      body = rows[0].body;
    },
  );
  return { ns: Number(clock() - t0), body };
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const summarize = (ns) => {
  const s = [...ns].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5) / 1e6, p95: percentile(s, 0.95) / 1e6 };
};

async function main() {
  const [counts] = await sql`
    select (select count(*) from public.plans where visibility = 'public')::int as plans,
      (select count(*) from public.plan_views)::int as views,
      (select count(*) from public.plan_views v join public.plans p on p.id = v.plan_id
        where p.destination = 'Popular')::int as popular_views,
      (select count(*) from public.plan_views v join public.plans p on p.id = v.plan_id
        where p.destination = 'Quiet')::int as quiet_views`;
  const popularPlans = (await sql`
    select id::text from public.plans where destination = 'Popular' order by published_at desc limit 20`).map(
    (r) => r.id,
  );
  const quietPlans = (await sql`
    select id::text from public.plans where destination = 'Quiet' order by published_at desc limit 20`).map((
    r,
  ) => r.id);

  const scenarios = [
    {
      name: "public feed, first page (counters)",
      make: (dest) => () => ({
        asAnon: true,
        readOnly: true,
        method: "GET",
        path: "/rpc/public_feed",
        sql: FEED,
        params: [dest, 20],
      }),
    },
    {
      name: "record_plan_view, new anonymous viewer",
      make: (dest) => {
        const list = dest === "Popular" ? popularPlans : quietPlans;
        let i = 0;
        return () => ({
          asAnon: true,
          readOnly: false,
          method: "POST",
          path: "/rpc/record_plan_view",
          sql: RECORD,
          params: [list[i++ % list.length]],
        });
      },
    },
    {
      name: "reference: the feed before (count(*) per plan)",
      make: (dest) => () => ({ asAnon: false, readOnly: true, sql: OLD_FEED, params: [dest, 20] }),
    },
  ];

  // The counters must say what the rows say, or the comparison is about the wrong data: the new feed (as
  // anon, through the API function) and the old one (counting rows) must give the same page.
  for (const dest of ["Popular", "Quiet"]) {
    const a = await request(scenarios[0].make(dest)());
    const b = await request(scenarios[2].make(dest)());
    if (a.body !== b.body) throw new Error(`${dest}: the feed's view counts differ from the view rows`);
    const rows = JSON.parse(a.body);
    if (rows.length !== 20) throw new Error(`${dest}: expected 20 rows, got ${rows.length}`);
  }

  const results = [];
  for (const s of scenarios) {
    const popular = s.make("Popular"), quiet = s.make("Quiet");
    const samples = { popular: [], quiet: [] };
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const order = i % 2 === 0 ? ["popular", "quiet"] : ["quiet", "popular"];
      for (const side of order) {
        const { ns } = await request(side === "popular" ? popular() : quiet());
        if (i >= WARMUP) samples[side].push(ns);
      }
    }
    results.push({ name: s.name, popular: summarize(samples.popular), quiet: summarize(samples.quiet) });
  }

  const fmt = (x, d = 3) => x.toFixed(d);
  const w = Math.max(...results.map((r) => r.name.length));
  const head = [
    "scenario".padEnd(w),
    "quiet p50",
    "quiet p95",
    "popular p50",
    "popular p95",
    "ratio p50",
    "ratio p95",
  ];
  const lines = [head.join(" | "), head.map((h) => "-".repeat(h.length)).join("-|-")];
  for (const r of results) {
    lines.push([
      r.name.padEnd(w),
      fmt(r.quiet.p50).padStart(9),
      fmt(r.quiet.p95).padStart(9),
      fmt(r.popular.p50).padStart(11),
      fmt(r.popular.p95).padStart(11),
      fmt(r.popular.p50 / r.quiet.p50, 2).padStart(9),
      fmt(r.popular.p95 / r.quiet.p95, 2).padStart(9),
    ].join(" | "));
  }
  console.log(`
Feed-views benchmark (benchmarks/feed-views)
  data     ${counts.plans.toLocaleString("en-US")} public plans: 'Quiet' (${
    counts.quiet_views.toLocaleString("en-US")
  } view rows) and 'Popular' (${
    counts.popular_views.toLocaleString("en-US")
  } view rows on the 100 newest, 20 on each feed page)
  server   ${os.cpus().length} CPUs; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}
  runs     ${ITERATIONS} measured requests per scenario and destination after ${WARMUP} warm-up ones, the two
           destinations alternating on one connection; whole request (BEGIN .. set_config as anon .. query ..
           COMMIT) in ms; ratio = popular / quiet
  checks   the feed's view counts (counters) equal the view rows of every plan on both first pages

${lines.join("\n")}
`);
}

try {
  await main();
} finally {
  await sql.end();
}
