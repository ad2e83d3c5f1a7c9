// Email benchmark (not a test). Prints figures; targets: >= 500 messages/s drained by two concurrent
// workers against a provider double that answers instantly, and p95 render time < 20 ms per template.
//   deno run -A --config edge-functions/deno.json benchmarks/email/bench.ts --db <url> [--messages 10000]
// Modes: default = orchestrate (enqueue, start the double, spawn two worker processes, time the drain,
// then measure rendering); --worker <providerUrl> = one worker process draining until the queue is empty.
import postgres from "postgres";
import { renderEmail, TEMPLATES } from "../../edge-functions/_email/catalog.ts";
import { createResendProvider } from "../../edge-functions/_email/providers/resend.ts";
import { drainOutbox } from "../../edge-functions/_email/io/sender.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { createSql } from "../../edge-functions/_shared/db.ts";

function arg(name: string, fallback?: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  const v = i >= 0 ? Deno.args[i + 1] : fallback;
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
}
const dbUrl = arg("db");
const quiet = createLogger({}, () => {});

if (Deno.args.includes("--worker")) {
  const sql = createSql(dbUrl, { max: 4 });
  const provider = createResendProvider({ apiKey: "re_bench", baseUrl: arg("worker") });
  const r = await drainOutbox({
    sql,
    provider,
    from: "Bench <b@tripmaster.test>",
    siteUrl: "http://app.test",
    log: quiet,
  }, {
    batchSize: 50,
    concurrency: 8,
  });
  console.log(JSON.stringify(r));
  await sql.end();
  Deno.exit(0);
}

const messages = Number(arg("messages", "10000"));
const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });

// 1. Enqueue, as application events would (a mix of domain templates).
await sql`update public.email_outbox set status = 'dead' where status in ('pending', 'sending')`;
const t0 = performance.now();
await sql`
  select private.enqueue_email(
    case i % 3 when 0 then 'welcome' when 1 then 'plan_ready' else 'payment_receipt' end,
    'bench' || i || '@example.test',
    case i % 3
      when 0 then jsonb_build_object('displayName', 'Traveller ' || i)
      when 1 then jsonb_build_object('displayName', 'Traveller ' || i, 'title', 'Trip ' || i, 'destination', 'Lisbon',
        'startDate', '2027-04-10', 'endDate', '2027-04-13', 'planId', gen_random_uuid())
      else jsonb_build_object('displayName', 'Traveller ' || i, 'description', 'TripMaster Pro', 'amountMinor', 900,
        'currency', 'EUR', 'reference', 'pi_' || i)
    end,
    'bench:' || gen_random_uuid())
  from generate_series(1, ${messages}) i`;
const enqueueMs = performance.now() - t0;

// 2. A provider double that answers at once.
let delivered = 0;
const double = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  await req.arrayBuffer();
  delivered++;
  return Response.json({ id: `re_${delivered}` });
});
const providerUrl = `http://127.0.0.1:${double.addr.port}`;

// 3. Two worker processes drain concurrently.
const start = performance.now();
const workers = [0, 1].map(() =>
  new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      new URL("../../edge-functions/deno.json", import.meta.url).pathname,
      new URL(import.meta.url).pathname,
      "--db",
      dbUrl,
      "--worker",
      providerUrl,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output()
);
const outputs = await Promise.all(workers);
const drainMs = performance.now() - start;
const [{ sent }] = await sql<{ sent: number }[]>`
  select count(*)::int as sent from public.email_outbox where dedupe_key like 'bench:%' and status = 'sent'`;
const perWorker = outputs.map((o) =>
  JSON.parse(new TextDecoder().decode(o.stdout).trim().split("\n").at(-1)!)
);

// 4. Render time per template (after one warm-up render each).
const renderRows: string[] = [];
let worstP95 = 0;
for (const [name, t] of Object.entries(TEMPLATES)) {
  await renderEmail(name, t.sample);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    await renderEmail(name, t.sample);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p50 = times[100], p95 = times[190];
  worstP95 = Math.max(worstP95, p95);
  renderRows.push(`| ${name.padEnd(28)} | ${p50.toFixed(2).padStart(7)} | ${p95.toFixed(2).padStart(7)} |`);
}

const rate = sent / (drainMs / 1000);
console.log(`\nEmail outbox benchmark (${messages} messages, 2 worker processes, instant provider double)\n`);
console.log(
  `enqueue:   ${messages} rows in ${(enqueueMs / 1000).toFixed(2)} s (${
    Math.round(messages / (enqueueMs / 1000))
  }/s)`,
);
console.log(
  `drain:     ${sent} sent in ${(drainMs / 1000).toFixed(2)} s = ${Math.round(rate)} messages/s ` +
    `(target >= 500: ${rate >= 500 ? "met" : "MISSED"}); per worker ${
      perWorker.map((w) => w.sent).join(" + ")
    }; ` +
    `provider requests ${delivered}`,
);
console.log(
  `\n| template                     | p50 ms  | p95 ms  |\n|------------------------------|---------|---------|`,
);
console.log(renderRows.join("\n"));
console.log(
  `\nworst p95 render: ${worstP95.toFixed(2)} ms (target < 20: ${worstP95 < 20 ? "met" : "MISSED"})`,
);
await double.shutdown();
await sql.end();
