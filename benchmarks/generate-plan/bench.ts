// generate-plan benchmark (not a test): the function's own overhead per generation (validation, quota,
// save, markdown, email queue) through the Deno-served stack, with an OpenAI double that answers at once.
// Targets: p50 < 50 ms, p95 < 150 ms, for 200 sequential and for 20 concurrent generations.
//   deno run -A --config edge-functions/deno.json benchmarks/generate-plan/bench.ts --db <postgres url>
import postgres from "postgres";
import { mintAccessToken } from "../../local-stack/access-token.ts";
import { planOffline } from "../../edge-functions/_planner/offline/plan.ts";
import { generateRequestSchema } from "../../edge-functions/_planner/schema.ts";
import { startBenchFunctionsServer } from "../support/functions-server.ts";

const dbIndex = Deno.args.indexOf("--db");
const dbUrl = Deno.args[dbIndex + 1];
const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
const secret = "super-secret-jwt-token-with-at-least-32-characters-long";

// A throwaway database: lift the quota and rate limit so only the function's own work is measured.
await sql`update public.plan_quotas set monthly_plans = 1000000, monthly_provider_calls = 4000000 where tier = 'pro'`;
await sql`update private.settings set value = '1000000' where key = 'generation_rate_per_minute'`;
// Concurrent generations come from different users (one user's starts queue on their own quota row,
// as they should); the sequential run uses the first of them.
async function benchUser(n: number): Promise<string> {
  const id = crypto.randomUUID();
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
      email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated',
      ${`bench${n}@example.test`}, '', now(), '{"provider":"email"}', '{"display_name":"Bench"}', now(), now(),
      '', '', '', '')`;
  await sql`update public.profiles set tier = 'pro' where id = ${id}`;
  return await mintAccessToken({ id, email: `bench${n}@example.test` }, { secret, expiresInSeconds: 3600 });
}
const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => benchUser(i)));
const token = tokens[0];

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const body = {
  destination: "Lisbon",
  start_date: inDays(30),
  end_date: inDays(33),
  adults: 2,
  children: 0,
  budget: { amount: 2000, currency: "EUR" },
  interests: ["food", "history", "art"],
  pace: "moderate",
};
const plan = planOffline(generateRequestSchema().parse(body));
const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  model: "bench-model",
  choices: [{
    index: 0,
    finish_reason: "stop",
    message: { role: "assistant", content: JSON.stringify(plan) },
  }],
  usage: { prompt_tokens: 900, completion_tokens: 2400, total_tokens: 3300 },
});
let providerCalls = 0;
const double = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  await req.arrayBuffer();
  providerCalls++;
  return new Response(completion, { headers: { "content-type": "application/json" } });
});

const functions = await startBenchFunctionsServer({
  env: {
    SUPABASE_DB_URL: dbUrl,
    SUPABASE_ANON_KEY: "x".repeat(40),
    SUPABASE_SERVICE_ROLE_KEY: "x".repeat(40),
    JWT_SECRET: secret,
    PLAN_PROVIDER: "openai",
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: `http://127.0.0.1:${double.addr.port}/v1`,
    SEND_EMAIL_HOOK_SECRET: "v1,whsec_dHJpcG1hc3Rlci1sb2NhbC1zZW5kLWVtYWlsLWhvb2s=",
    EMAIL_PROVIDER: "mailbox",
    MAILBOX_DIR: "/tmp",
  },
});
const server = functions.process;
const port = functions.port;

/** One generation, timed from the request to the SSE `done` event (everything the client waits for). */
async function generate(userToken = token): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/functions/v1/generate-plan`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${userToken}`,
      "content-type": "application/json",
      accept: "text/event-stream",
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!text.includes("event: done")) {
    throw new Error(`generation failed: ${res.status} ${text.slice(0, 300)}`);
  }
  return performance.now() - t0;
}

/** CPU time (ms) used so far by a process and, for Postgres, by all its backends (Linux /proc). */
const TICK_MS = 10;
function cpuMs(match: (cmd: string) => boolean): number {
  let ticks = 0;
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (!match(cmd)) continue;
      const fields = Deno.readTextFileSync(`/proc/${entry.name}/stat`).split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* exited */ }
  }
  return ticks * TICK_MS;
}
const isServer = (cmd: string) => cmd.includes("functions-server.ts");
const isPostgres = (cmd: string) => cmd.startsWith("postgres:") || cmd.includes("bin/postgres");
const selfCpu = () =>
  cpuMs((cmd) => cmd.includes("generate-plan/bench.ts") && !cmd.includes("functions-server"));

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (let i = 0; i < 20; i++) await generate(); // warm-up: JIT, connection pools, plan caches

const sequential: number[] = [];
for (let i = 0; i < 200; i++) sequential.push(await generate());
const cpu0 = { server: cpuMs(isServer), db: cpuMs(isPostgres), bench: selfCpu() };
const concurrent: number[] = [];
const t0 = performance.now();
for (let round = 0; round < 5; round++) concurrent.push(...await Promise.all(tokens.map((t) => generate(t))));
const concurrentWall = performance.now() - t0;
const cpu1 = { server: cpuMs(isServer), db: cpuMs(isPostgres), bench: selfCpu() };
// For the record: 20 at once from one user, who queue on their own quota and rate-limit rows.
const oneUser: number[] = [];
for (let round = 0; round < 2; round++) oneUser.push(...await Promise.all(tokens.map(() => generate(token))));

const row = (name: string, xs: number[]) => {
  const p50 = pct(xs, 0.5), p95 = pct(xs, 0.95);
  return `| ${name.padEnd(34)} | ${xs.length.toString().padStart(5)} | ${p50.toFixed(1).padStart(7)} | ${
    p95.toFixed(1).padStart(7)
  } | ${p50 < 50 && p95 < 150 ? "met" : "MISSED"} |`;
};
console.log(
  `\ngenerate-plan overhead per generation (OpenAI double answering at once; 4-day plan, ${
    plan.days.flatMap((d) => d.items).length
  } items)\n`,
);
console.log("| run                                | n     | p50 ms  | p95 ms  | target (p50<50, p95<150) |");
console.log("|------------------------------------|-------|---------|---------|--------------------------|");
console.log(row("200 sequential", sequential));
console.log(row("20 concurrent users (5 rounds)", concurrent));
console.log(row("20 concurrent, one user (2 rounds)", oneUser));
console.log(
  `\nconcurrent throughput: ${
    (100 / (concurrentWall / 1000)).toFixed(0)
  } generations/s; provider calls: ${providerCalls}`,
);

const per = (k: keyof typeof cpu0) => ((cpu1[k] - cpu0[k]) / 100).toFixed(1);
console.log(
  `CPU per generation in the concurrent run: function server ${per("server")} ms, Postgres ${
    per("db")
  } ms, ` +
    `benchmark client + provider double ${per("bench")} ms (2 cores shared by all three)`,
);

server.kill("SIGTERM");
await server.status;
await double.shutdown();
await sql.end();
