// export-data benchmark (not a test): a user with 500 plans x 14 days x 5 items (35,000 items) downloads
// their export through the Deno-served function. Time to the last byte (client side) and peak memory
// (peak RSS of a functions server that serves export-data alone, from /proc; the peak is reset before each
// run). Targets: under 3 s and under 64 MiB.
//   deno run -A --config edge-functions/deno.json benchmarks/export/bench.ts --db <postgres url> [--runs 5]
import postgres from "postgres";
import { relative } from "node:path";
import { mintAccessToken } from "../../local-stack/access-token.ts";
import { startBenchFunctionsServer } from "../support/functions-server.ts";

const arg = (name: string, fallback?: string) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
};
const dbUrl = arg("db")!;
const runs = Number(arg("runs", "5"));
// e.g. --v8-flags --max-old-space-size=32,--max-semi-space-size=2: caps the server's V8 heap the way a
// hosted Edge Function's memory limit does (uncapped, V8 lets garbage pile up and RSS shows that, not what
// the export keeps alive).
const v8Flags = arg("v8-flags");
const root = new URL("../../", import.meta.url).pathname;
const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
const secret = "super-secret-jwt-token-with-at-least-32-characters-long";

async function user(email: string): Promise<string> {
  const id = crypto.randomUUID();
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
      email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email}, '', now(),
      '{"provider":"email"}', '{"display_name":"Bench"}', now(), now(), '', '', '', '')`;
  return id;
}

const small = await user("small@example.test");
const big = await user("big@example.test");
let t0 = performance.now();
await sql`
  insert into public.plans (id, user_id, title, destination, country_code, start_date, end_date, currency, timezone,
    summary, interests, budget_amount)
  select gen_random_uuid(), ${big}, 'Trip ' || n || ': Kyoto, Osaka & Nara', 'Kyoto', 'JP',
    date '2027-01-01' + n, date '2027-01-01' + n + 13, 'JPY', 'Asia/Tokyo',
    'Two weeks of temples, food markets and day trips, at a relaxed pace.', '{food,history,art}', 400000
  from generate_series(1, 500) n`;
await sql`
  insert into public.plan_days (plan_id, day_number, date, title, summary)
  select p.id, d, p.start_date + d - 1, 'Day ' || d, 'Morning walk, lunch, a museum and dinner nearby.'
  from public.plans p cross join generate_series(1, 14) d where p.user_id = ${big}`;
await sql`
  insert into public.plan_items (plan_id, day_id, position, time_slot, start_time, title, description, place_name,
    latitude, longitude, estimated_cost, currency, booking_url)
  select d.plan_id, d.id, i, (array['morning','morning','afternoon','evening','night'])[i + 1]::public.time_slot,
    make_time(8 + i * 3, 0, 0), 'Stop ' || i || ' of day ' || d.day_number,
    'Visit the place, take photos, try the local snack; about two hours, book ahead on weekends.',
    '清水寺 Kiyomizu-dera', 34.994856, 135.785046, 1500 + i * 100, 'JPY', 'https://example.com/book/' || i
  from public.plan_days d join public.plans p on p.id = d.plan_id cross join generate_series(0, 4) i
  where p.user_id = ${big}`;
const [counts] = await sql<{ plans: number; items: number }[]>`
  select (select count(*)::int from public.plans where user_id = ${big}) as plans,
    (select count(*)::int from public.plan_items i join public.plans p on p.id = i.plan_id where p.user_id = ${big}) as items`;
console.log(
  `seeded ${counts.plans} plans, ${counts.items} items in ${Math.round(performance.now() - t0)} ms`,
);

// A functions server that serves export-data alone, so its memory is the export's.
const configDir = await Deno.makeTempDir();
await Deno.writeTextFile(
  `${configDir}/config.toml`,
  `[functions.export-data]\nverify_jwt = true\nentrypoint = "${
    relative(configDir, `${root}edge-functions/export-data/index.ts`)
  }"\n`,
);
const functions = await startBenchFunctionsServer({
  permissions: ["-A"],
  configToml: `${configDir}/config.toml`,
  stderr: "inherit",
  env: {
    SUPABASE_DB_URL: dbUrl,
    JWT_SECRET: secret,
    ...(v8Flags ? { DENO_V8_FLAGS: v8Flags } : {}),
  },
});
const server = functions.process;
const port = functions.port;

const status = async () => await Deno.readTextFile(`/proc/${server.pid}/status`);
const kib = (s: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(s)![1]);
const mib = (k: number) => (k / 1024).toFixed(1);

async function download(id: string): Promise<{ ms: number; firstByteMs: number; bytes: number }> {
  await sql`delete from private.data_exports where user_id = ${id}`;
  const token = await mintAccessToken({ id, email: "x@example.test" }, { secret, expiresInSeconds: 600 });
  const start = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/functions/v1/export-data`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let firstByteMs = 0;
  for await (const chunk of res.body!) {
    if (bytes === 0) firstByteMs = performance.now() - start;
    bytes += chunk.byteLength;
  }
  return { ms: performance.now() - start, firstByteMs, bytes };
}

await download(small); // loads the modules and warms the pool
const idle = kib(await status(), "VmRSS");
console.log(`server RSS after a small export: ${mib(idle)} MiB`);
await download(big);
const baseline = kib(await status(), "VmRSS");
console.log(`server RSS after warm-up: ${mib(baseline)} MiB`);
const times: number[] = [];
const peaks: number[] = [];
for (let r = 0; r < runs; r++) {
  await Deno.writeTextFile(`/proc/${server.pid}/clear_refs`, "5"); // resets the peak RSS (VmHWM)
  t0 = performance.now();
  const { ms, firstByteMs, bytes } = await download(big);
  const peak = kib(await status(), "VmHWM");
  times.push(ms);
  peaks.push(peak);
  console.log(
    `run ${r + 1}: last byte ${ms.toFixed(0)} ms (first ${firstByteMs.toFixed(0)} ms), ${
      (bytes / 1048576).toFixed(1)
    } MiB zip, peak RSS ${mib(peak)} MiB (+${mib(peak - baseline)} over the idle server)`,
  );
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `\ntime to last byte: median ${sorted[Math.floor(runs / 2)].toFixed(0)} ms, worst ${
    sorted.at(-1)!.toFixed(0)
  } ms (target < 3000)`,
);
console.log(
  `peak RSS: worst ${mib(Math.max(...peaks))} MiB; server after a small export ${
    mib(idle)
  } MiB, so the big export adds up to ${mib(Math.max(...peaks) - idle)} MiB (target < 64 MiB)`,
);

server.kill("SIGTERM");
await server.status;
await sql.end();
await Deno.remove(configDir, { recursive: true });
