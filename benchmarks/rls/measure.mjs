// RLS benchmark, measurement half (benchmarks/rls/run.sh builds and seeds the database, then runs this).
//
// For each scenario it runs the request exactly as PostgREST does (one read-only transaction, one
// set_config statement with role + JWT claims, the query PostgREST generates for the client's request,
// commit) through RLS, and the same request as postgres (BYPASSRLS) with the equivalent explicit filter
// instead of the policies. The two paths alternate on one connection, request by request, so caches and
// background load hit both alike. Prints p50/p95 of both and their ratios; writes EXPLAIN (ANALYZE, BUFFERS) of every query
// (and auto_explain plans of the statements nested in functions and policies) to BENCH_PLANS_LOG.
//
// Plain ESM JavaScript so it runs on Node 20 without a build step.

import process from "node:process";
import os from "node:os";
import { writeFileSync } from "node:fs";
import postgres from "postgres";

const env = (name, fallback) => process.env[name] ?? fallback;
const DB_URL = env("BENCH_DB_URL", "postgresql://postgres:postgres@127.0.0.1:54372/postgres");
const AUTHENTICATOR_URL = env(
  "BENCH_AUTHENTICATOR_URL",
  "postgresql://authenticator:postgres@127.0.0.1:54372/postgres",
);
const SUPERUSER_URL = env(
  "BENCH_SUPERUSER_URL",
  "postgresql://supabase_admin:postgres@127.0.0.1:54372/postgres",
);
const PLANS_LOG = env("BENCH_PLANS_LOG", "bench-rls-plans.txt");
const ITERATIONS = Number(env("BENCH_RLS_ITERATIONS", "1000"));
const WARMUP = Number(env("BENCH_RLS_WARMUP", String(Math.ceil(ITERATIONS / 10))));
const ROUNDS = Number(env("BENCH_RLS_ROUNDS", "4"));
// PostgREST prepares its statements by default (db-prepared-statements); by default this benchmark measures
// unprepared statements (every request parsed and planned: the worst case for RLS, whose policies add to
// planning), as a connection pooler in transaction mode would force. BENCH_RLS_PREPARE=1 measures the
// prepared case.
const PREPARE = env("BENCH_RLS_PREPARE", "") === "1";
const SAMPLE = 40; // distinct users / plans each scenario cycles through
const TARGET_RATIO = 1.2;
const TARGET_P95_MS = 5;

// The JSON PostgREST gets back stays a string here too: no JSON.parse on either path.
const text = (x) => x;
const connectionOptions = {
  prepare: PREPARE,
  max: 1,
  idle_timeout: 0,
  onnotice: () => {},
  types: {
    rawJson: { to: 114, from: [114, 3802], serialize: text, parse: text },
    // timestamptz stays text both ways: a JS Date would drop the cursor's microseconds
    timestamptz: { to: 1184, from: [1184], serialize: text, parse: text },
  },
};
// Both paths are timed on ONE connection, logged in as postgres: the RLS path switches to authenticated
// (or anon) with set_config('role', ..., true) exactly as PostgREST does, the baseline stays postgres
// (BYPASSRLS). Two connections can differ by up to ~20% on the very same request on a small machine (where
// each backend runs relative to the client and the background load), as large as the effect measured.
// The login role plays no part once the role is switched; the answers are also checked through a
// connection logged in as authenticator, PostgREST's own login role.
const owner = postgres(DB_URL, connectionOptions);
const authenticator = postgres(AUTHENTICATOR_URL, connectionOptions); // answers check only

// ------------------------------------------------------------------------------------------------
// PostgREST's request shape (v12: src/PostgREST/Query/PreQuery.hs, Query/QueryBuilder.hs, Statements.hs)
// ------------------------------------------------------------------------------------------------

// The one set_config statement PostgREST runs before the query: search path, the role's own settings
// (statement_timeout), the role, the claims, then request method, path, headers and cookies.
const SET_CONFIG = `select set_config('search_path', $1, true), set_config('statement_timeout', $2, true),
  set_config('role', $3, true), set_config('request.jwt.claims', $4, true), set_config('request.method', $5, true),
  set_config('request.path', $6, true), set_config('request.headers', $7, true),
  set_config('request.cookies', $8, true)`;

const HEADERS = JSON.stringify({
  "accept": "application/json",
  "accept-profile": "public",
  "host": "127.0.0.1:54321",
  "user-agent": "supabase-js/2.109.0",
  "x-client-info": "supabase-js-web/2.109.0",
  "x-forwarded-for": "203.0.113.7",
});

function setConfigParams(role, claims, path) {
  const timeout = role === "anon" ? "3s" : "8s";
  return [
    '"public", "public", "extensions"',
    timeout,
    role,
    JSON.stringify(claims),
    "GET",
    path,
    HEADERS,
    "{}",
  ];
}

const now = Math.floor(Date.now() / 1000);
const ANON_CLAIMS = { iss: "supabase-demo", role: "anon", exp: 1983812996 };

function userClaims(user) {
  return {
    iss: "http://127.0.0.1:54321/auth/v1",
    sub: user.id,
    aud: "authenticated",
    exp: now + 3600,
    iat: now,
    email: user.email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: { display_name: user.display_name, email_verified: true },
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: now }],
    session_id: user.session_id,
    is_anonymous: false,
    user_role: "user",
    tier: "free",
  };
}

// The outer query PostgREST wraps every read in (json_agg of the rows, response GUCs).
const wrap = (source) =>
  `WITH pgrst_source AS ( ${source} ) SELECT null::bigint AS total_result_set, ` +
  `pg_catalog.count(_postgrest_t) AS page_total, coalesce(json_agg(_postgrest_t), '[]') AS body, ` +
  `nullif(current_setting('response.headers', true), '') AS response_headers, ` +
  `nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted ` +
  `FROM ( SELECT * FROM pgrst_source ) _postgrest_t`;

// GET /plans?select=id,title,destination,start_date,end_date,visibility,created_at&user_id=eq.<uid>
//   &order=created_at.desc,id.desc&limit=20
// The client filters on user_id: for a signed-in user the select policy also shows every public plan.
const myPlans = (extraFilter) =>
  wrap(
    `SELECT "public"."plans"."id", "public"."plans"."title", "public"."plans"."destination", ` +
      `"public"."plans"."start_date", "public"."plans"."end_date", "public"."plans"."visibility", ` +
      `"public"."plans"."created_at" FROM "public"."plans" WHERE "public"."plans"."user_id" = $1::uuid` +
      extraFilter +
      ` ORDER BY "public"."plans"."created_at" DESC, "public"."plans"."id" DESC LIMIT 20 OFFSET 0`,
  );

// GET /plans?select=*,plan_days(*,plan_items(*))&id=eq.<plan>&plan_days.order=day_number.asc
//   &plan_days.plan_items.order=position.asc
const onePlan = (extraFilter) =>
  wrap(
    `SELECT "public"."plans".*, COALESCE( "plans_plan_days_1"."plans_plan_days_1", '[]') AS "plan_days" ` +
      `FROM "public"."plans" LEFT JOIN LATERAL ( ` +
      `SELECT json_agg("plans_plan_days_1")::jsonb AS "plans_plan_days_1" FROM ( ` +
      `SELECT "plan_days_1".*, COALESCE( "plan_days_plan_items_2"."plan_days_plan_items_2", '[]') AS "plan_items" ` +
      `FROM "public"."plan_days" AS "plan_days_1" LEFT JOIN LATERAL ( ` +
      `SELECT json_agg("plan_days_plan_items_2")::jsonb AS "plan_days_plan_items_2" FROM ( ` +
      `SELECT "plan_items_2".* FROM "public"."plan_items" AS "plan_items_2" ` +
      `WHERE "plan_items_2"."day_id" = "plan_days_1"."id" ORDER BY "plan_items_2"."position" ASC ` +
      `) AS "plan_days_plan_items_2" ) AS "plan_days_plan_items_2" ON TRUE ` +
      `WHERE "plan_days_1"."plan_id" = "public"."plans"."id" ORDER BY "plan_days_1"."day_number" ASC ` +
      `) AS "plans_plan_days_1" ) AS "plans_plan_days_1" ON TRUE ` +
      `WHERE "public"."plans"."id" = $1::uuid` + extraFilter,
  );

// GET /plan_views?select=*&plan_id=eq.<plan>&order=viewed_on.desc,viewer_key.asc: the owner reads who viewed
// their plan. Its policy is the plan-ownership predicate (exists a plan with this id owned by the caller), the
// one repeated on every plan child table's owner policies: this scenario measures that predicate.
const planViews = (extraFilter) =>
  wrap(
    `SELECT "public"."plan_views".* FROM "public"."plan_views" WHERE "public"."plan_views"."plan_id" = $1::uuid` +
      extraFilter +
      ` ORDER BY "public"."plan_views"."viewed_on" DESC, "public"."plan_views"."viewer_key" ASC`,
  );

// GET /rpc/public_feed?after_published_at=<ts>&after_id=<id>&page_size=20 (as anon)
const feedRpc = wrap(
  `SELECT "pgrst_call".* FROM "public"."public_feed"("after_published_at" := $1::timestamptz, ` +
    `"after_id" := $2::uuid, "page_size" := $3::integer) pgrst_call`,
);

// The same rows read directly, as postgres: the body of private.public_feed (read from the database, so it
// is always the deployed version) with its arguments as query parameters ($1 destination_filter,
// $2 after_published_at, $3 after_id, $4 page_size) and its output column names.
async function feedBody() {
  const [f] = await owner.unsafe(
    `select prosrc, pronargs, proargnames, array(select format_type(t, null) from unnest(proargtypes) t) as types
     from pg_proc where oid = 'private.public_feed(text, timestamptz, uuid, integer)'::regprocedure`,
  );
  let body = f.prosrc.trim().replace(/;$/, "");
  for (let i = 0; i < f.pronargs; i++) {
    body = body.replace(new RegExp(`(?<![.\\w])${f.proargnames[i]}\\b`, "g"), `$${i + 1}::${f.types[i]}`);
  }
  // the function's output column names (RETURNS TABLE) on the body's columns; the planner flattens this
  const columns = f.proargnames.slice(f.pronargs).map((c) => `"${c}"`).join(", ");
  return `SELECT * FROM ( ${body} ) AS public_feed(${columns})`;
}

// ------------------------------------------------------------------------------------------------
// parameters
// ------------------------------------------------------------------------------------------------

const ACTIVE = "pr.deleted_at is null and pr.suspended_at is null";

async function pickParameters(feedDirect) {
  const users = await owner.unsafe(
    `select u.id::text, u.email, pr.display_name, gen_random_uuid()::text as session_id
     from public.profiles pr join auth.users u on u.id = pr.id
     where ${ACTIVE} and (select count(*) from public.plans p where p.user_id = pr.id and p.deleted_at is null) >= 20
     order by random() limit ${SAMPLE}`,
  );
  const viewers = await owner.unsafe(
    `select u.id::text, u.email, pr.display_name, gen_random_uuid()::text as session_id
     from public.profiles pr join auth.users u on u.id = pr.id
     where ${ACTIVE} and exists (select 1 from public.plans p where p.user_id = pr.id and p.deleted_at is null)
     order by random() limit ${SAMPLE}`,
  );
  const publicPlans = await owner.unsafe(
    `select p.id::text, p.user_id::text from public.plans p join public.profiles pr on pr.id = p.user_id
     where p.visibility = 'public' and p.deleted_at is null and ${ACTIVE} order by random() limit ${SAMPLE}`,
  );
  const ownPlans = await owner.unsafe(
    `select distinct on (p.user_id) p.id::text, p.user_id::text from public.plans p
     where p.user_id = any($1::uuid[]) and p.deleted_at is null and p.visibility = 'private'
     order by p.user_id, random()`,
    [`{${viewers.map((v) => v.id).join(",")}}`],
  );
  const viewedPlans = await owner.unsafe(
    `select p.id::text as plan, u.id::text, u.email, pr.display_name, gen_random_uuid()::text as session_id
     from public.plans p join public.profiles pr on pr.id = p.user_id join auth.users u on u.id = p.user_id
     where p.deleted_at is null and ${ACTIVE}
       and (select count(*) from public.plan_views v where v.plan_id = p.id) >= 20
     order by random() limit ${SAMPLE}`,
  );
  const byId = new Map(viewers.map((v) => [v.id, v]));
  // Page 50 by keyset: follow the feed's own cursor through pages 1..49; the last row of page 49 is the
  // cursor (row 980).
  let cursor = { published_at: null, id: null };
  for (let page = 1; page < 50 && cursor; page++) {
    const [{ body }] = await owner.unsafe(feedDirect, [null, cursor.published_at, cursor.id, 20]);
    const rows = JSON.parse(body);
    cursor = rows.length === 20 ? { published_at: rows[19].published_at, id: rows[19].id } : null;
  }
  const counts = await owner.unsafe(
    `select (select count(*) from auth.users) as users, (select count(*) from public.plans) as plans,
       (select count(*) from public.plans where visibility = 'public' and deleted_at is null) as public_plans,
       (select count(*) from public.plan_days) as plan_days, (select count(*) from public.plan_items) as plan_items,
       (select count(*) from public.plan_views) as plan_views, version() as version`,
  );
  if (users.length < 5 || publicPlans.length < 5 || viewedPlans.length < 5 || !cursor) {
    throw new Error("not enough data: seed the database first (benchmarks/rls/seed.sql)");
  }
  return {
    users,
    viewers,
    // a public plan of someone else, read by a signed-in user
    publicPlans: publicPlans.map((p, i) => ({
      plan: p.id,
      viewer: viewers.find((v, j) => j >= i % viewers.length && v.id !== p.user_id) ?? viewers[0],
    })),
    ownPlans: ownPlans.map((p) => ({ plan: p.id, viewer: byId.get(p.user_id) })),
    // a plan with at least 20 viewer rows, read by its owner
    viewedPlans: viewedPlans.map(({ plan, ...owner }) => ({ plan, viewer: owner })),
    cursor,
    feedDirect,
    counts: counts[0],
  };
}

// ------------------------------------------------------------------------------------------------
// scenarios: each returns, for iteration i, the RLS request and the baseline request
// ------------------------------------------------------------------------------------------------

function scenarios(p) {
  const pick = (list, i) => list[i % list.length];
  return [
    {
      name: "my plans, first page",
      rls: (i) => {
        const u = pick(p.users, i);
        return {
          role: "authenticated",
          claims: userClaims(u),
          path: "/plans",
          sql: myPlans(""),
          params: [u.id],
        };
      },
      base: (i) => {
        const u = pick(p.users, i);
        return {
          role: "postgres",
          claims: userClaims(u),
          path: "/plans",
          sql: myPlans(` AND "public"."plans"."deleted_at" IS NULL AND "public"."plans"."owner_active"`),
          params: [u.id],
        };
      },
    },
    ...[["one plan + days + items (public, other user)", p.publicPlans], [
      "one plan + days + items (own plan)",
      p.ownPlans,
    ]].map(([name, list]) => ({
      name,
      rls: (i) => {
        const x = pick(list, i);
        return {
          role: "authenticated",
          claims: userClaims(x.viewer),
          path: "/plans",
          sql: onePlan(""),
          params: [x.plan],
        };
      },
      base: (i) => {
        const x = pick(list, i);
        return {
          role: "postgres",
          claims: userClaims(x.viewer),
          path: "/plans",
          sql: onePlan(
            ` AND "public"."plans"."deleted_at" IS NULL AND "public"."plans"."owner_active" ` +
              `AND ("public"."plans"."visibility" = 'public' ` +
              `OR "public"."plans"."user_id" = $2::uuid)`,
          ),
          params: [x.plan, x.viewer.id],
        };
      },
    })),
    {
      name: "views of my plan (ownership predicate)",
      rls: (i) => {
        const x = pick(p.viewedPlans, i);
        return {
          role: "authenticated",
          claims: userClaims(x.viewer),
          path: "/plan_views",
          sql: planViews(""),
          params: [x.plan],
        };
      },
      base: (i) => {
        const x = pick(p.viewedPlans, i);
        return {
          role: "postgres",
          claims: userClaims(x.viewer),
          path: "/plan_views",
          sql: planViews(
            ` AND EXISTS (SELECT 1 FROM "public"."plans" p WHERE p.id = "public"."plan_views"."plan_id" ` +
              `AND p.user_id = $2::uuid AND p.deleted_at IS NULL AND p.owner_active)`,
          ),
          params: [x.plan, x.viewer.id],
        };
      },
    },
    ...[["public feed, first page", [null, null, 20]], ["public feed, page 50 by keyset", [
      p.cursor.published_at,
      p.cursor.id,
      20,
    ]]].map(([name, params]) => ({
      name,
      rls: () => ({ role: "anon", claims: ANON_CLAIMS, path: "/rpc/public_feed", sql: feedRpc, params }),
      base: () => ({
        role: "postgres",
        claims: ANON_CLAIMS,
        path: "/rpc/public_feed",
        sql: p.feedDirect,
        params: [null, ...params],
      }),
    })),
  ];
}

// ------------------------------------------------------------------------------------------------
// running and timing
// ------------------------------------------------------------------------------------------------

const clock = () => process.hrtime.bigint();

// One request as PostgREST runs it. Returns the whole request's time (BEGIN .. COMMIT) and the query
// statement's, in nanoseconds, and the response body.
async function request(sql, r) {
  let q0 = 0n, q1 = 0n, body;
  const t0 = clock();
  await sql.begin("isolation level read committed read only", async (tx) => {
    await tx.unsafe(SET_CONFIG, setConfigParams(r.role, r.claims, r.path));
    q0 = clock();
    const rows = await tx.unsafe(r.sql, r.params);
    q1 = clock();
    body = rows[0].body;
  });
  const t1 = clock();
  return { request: Number(t1 - t0), query: Number(q1 - q0), body };
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (ns) => ns / 1e6;

function summarize(samples) {
  const out = {};
  for (const key of ["request", "query"]) {
    const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
    out[key] = { p50: ms(percentile(sorted, 0.5)), p95: ms(percentile(sorted, 0.95)) };
  }
  return out;
}

// Same answer both ways, or the baseline is not the equivalent query.
async function verify(scenario) {
  for (let i = 0; i < Math.min(SAMPLE, 10); i++) {
    const a = await request(authenticator, scenario.rls(i));
    const a2 = await request(owner, scenario.rls(i));
    const b = await request(owner, scenario.base(i));
    if (a.body !== b.body) throw new Error(`${scenario.name}: RLS and baseline answers differ (sample ${i})`);
    if (a2.body !== a.body) {
      throw new Error(`${scenario.name}: RLS answers differ by login role (sample ${i})`);
    }
    if (a.body === "[]") throw new Error(`${scenario.name}: empty answer (sample ${i})`);
  }
}

// `count` iterations of one scenario, RLS and baseline alternating which goes first. Samples are kept
// unless `keep` is false (warm-up).
async function run(scenario, state, count, keep) {
  for (let k = 0; k < count; k++) {
    const i = state.next++;
    let a, b;
    if (i % 2 === 0) {
      a = await request(owner, scenario.rls(i));
      b = await request(owner, scenario.base(i));
    } else {
      b = await request(owner, scenario.base(i));
      a = await request(owner, scenario.rls(i));
    }
    if (keep) {
      state.rls.push(a);
      state.base.push(b);
    }
  }
}

// The iterations are spread over ROUNDS rounds that go through every scenario in turn, so a burst of
// background load on this machine lands on all scenarios instead of one.
async function measureAll(list) {
  const states = list.map(() => ({ next: 0, rls: [], base: [] }));
  for (const [i, s] of list.entries()) {
    await verify(s);
    await run(s, states[i], WARMUP, false);
  }
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`  round ${round + 1}/${ROUNDS}\n`);
    const count = Math.ceil(ITERATIONS / ROUNDS);
    for (const [i, s] of list.entries()) await run(s, states[i], count, true);
  }
  return list.map((s, i) => ({
    name: s.name,
    rls: summarize(states[i].rls),
    base: summarize(states[i].base),
  }));
}

// ------------------------------------------------------------------------------------------------
// EXPLAIN log
// ------------------------------------------------------------------------------------------------

async function explainAll(list) {
  const out = [];
  const line = "=".repeat(110);
  out.push(`RLS benchmark query plans, ${new Date().toISOString()}`, "");
  const explain = async (sql, r) => {
    const lines = [];
    await sql.begin("isolation level read committed read only", async (tx) => {
      await tx.unsafe(SET_CONFIG, setConfigParams(r.role, r.claims, r.path));
      const rows = await tx.unsafe(`EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS) ${r.sql}`, r.params);
      for (const row of rows) lines.push(row["QUERY PLAN"]);
    });
    return lines.join("\n");
  };
  // auto_explain, as the bootstrap superuser of this throwaway cluster, shows the statements that run inside
  // functions (the feed's SQL functions, private.active_uid() in the policies) with their own plans.
  let nested = [];
  const su = postgres(SUPERUSER_URL, { ...connectionOptions, onnotice: (n) => nested.push(n.message) });
  await su.unsafe(`LOAD 'auto_explain'`);
  for (
    const setting of [
      "log_min_duration = 0",
      "log_analyze = on",
      "log_buffers = on",
      "log_nested_statements = on",
      "log_level = notice",
    ]
  ) await su.unsafe(`SET auto_explain.${setting}`);
  for (const s of list) {
    const r = s.rls(0), b = s.base(0);
    out.push(line, `${s.name}: RLS path (role ${r.role}), params ${JSON.stringify(r.params)}`, line);
    out.push(r.sql, "", await explain(authenticator, r), "");
    out.push(line, `${s.name}: baseline (postgres, RLS bypassed), params ${JSON.stringify(b.params)}`, line);
    out.push(b.sql, "", await explain(owner, b), "");
    nested = [];
    await su.begin("isolation level read committed read only", async (tx) => {
      await tx.unsafe(SET_CONFIG, setConfigParams(r.role, r.claims, r.path));
      await tx.unsafe(r.sql, r.params);
    });
    out.push(line, `${s.name}: RLS path, auto_explain of every statement (nested ones first)`, line);
    out.push(nested.join("\n\n"), "");
  }
  await su.end();
  writeFileSync(PLANS_LOG, out.join("\n"));
}

// ------------------------------------------------------------------------------------------------
// main
// ------------------------------------------------------------------------------------------------

const fmt = (x, digits = 3) => x.toFixed(digits);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const thousands = (n) => Number(n).toLocaleString("en-US");

function table(results, key) {
  const w = Math.max(...results.map((r) => r.name.length), 8);
  const head = [
    pad("scenario", w),
    "RLS p50",
    "RLS p95",
    "base p50",
    "base p95",
    "ratio p50",
    "ratio p95",
    "target",
  ];
  const rows = [head.map((h, i) => (i === 0 ? h : lpad(h, 9))).join(" | ")];
  rows.push(rows[0].replace(/[^|]/g, "-"));
  let ok = true;
  for (const r of results) {
    const a = r.rls[key], b = r.base[key];
    const r50 = a.p50 / b.p50, r95 = a.p95 / b.p95;
    const met = r50 <= TARGET_RATIO && r95 <= TARGET_RATIO && a.p95 < TARGET_P95_MS;
    ok &&= met;
    const why = met ? "met" : [
      r50 > TARGET_RATIO || r95 > TARGET_RATIO ? "ratio" : "",
      a.p95 >= TARGET_P95_MS ? "p95" : "",
    ].filter(Boolean).join("+") + " MISSED";
    rows.push(
      [pad(r.name, w), fmt(a.p50), fmt(a.p95), fmt(b.p50), fmt(b.p95), fmt(r50, 2), fmt(r95, 2), why]
        .map((c, i) => (i === 0 ? c : lpad(c, 9))).join(" | "),
    );
  }
  return { text: rows.join("\n"), ok };
}

async function main() {
  const started = Date.now();
  const p = await pickParameters(wrap(await feedBody()));
  const list = scenarios(p);
  const c = p.counts;
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  const results = await measureAll(list);
  await explainAll(list);

  const headline = table(results, "request");
  const query = table(results, "query");
  const seed = process.env.BENCH_SEED_SECONDS;
  const applied = process.env.BENCH_RLS_APPLIED;
  const perPath = Math.ceil(ITERATIONS / ROUNDS) * ROUNDS;
  console.log(`
RLS benchmark (benchmarks/rls)
  data     ${thousands(c.users)} users, ${thousands(c.plans)} plans (${thousands(c.public_plans)} public), ${
    thousands(c.plan_days)
  } days, ${thousands(c.plan_items)} items, ${thousands(c.plan_views)} views${
    seed ? `; seeded in ${seed} s` : ""
  }
  server   ${c.version.split(",")[0]}; ${os.cpus().length} CPUs; load average at start ${load}${
    applied ? `\n  applied  ${applied} (after the migrations and the seed)` : ""
  }
  runs     ${perPath} measured requests per scenario and path (${ROUNDS} rounds through all scenarios) after ${WARMUP}
           warm-up ones; RLS and baseline alternate; each scenario cycles through up to ${SAMPLE} users/plans;
           statements ${
    PREPARE ? "PREPARED (named, reused per connection)" : "not prepared (parsed and planned every time)"
  }
  RLS      BEGIN READ ONLY; one set_config statement (role authenticated/anon, request.jwt.claims, search_path,
           request.*) as PostgREST does; the query PostgREST generates for the client's request (only the
           client's own filters, no ownership filter); COMMIT
  baseline the same transaction and set_config with role postgres (BYPASSRLS); the same query plus the
           equivalent explicit filter (feed: the body of private.public_feed run directly)
  checks   both paths give identical answers (the RLS one also through a connection logged in as
           authenticator, PostgREST's login role); timing uses one connection for both paths
  feed     page 50 = after the cursor (published_at, id) of row 980, ${p.cursor.published_at}

Headline: the whole request, BEGIN .. set_config .. query .. COMMIT, as the client sees it (ms)
${headline.text}

The query statement alone (ms)
${query.text}

Targets: ratio RLS/baseline <= ${TARGET_RATIO} at p50 and at p95, RLS p95 < ${TARGET_P95_MS} ms.
  headline (whole request): ${headline.ok ? "all met" : "NOT all met"}
  query statement alone:    ${query.ok ? "all met" : "NOT all met"}
Query plans (EXPLAIN ANALYZE of both paths, auto_explain of nested statements): ${PLANS_LOG}
Measured in ${((Date.now() - started) / 1000).toFixed(0)} s.
`);
}

try {
  await main();
} finally {
  await Promise.all([authenticator.end(), owner.end()]);
}
