// Serves every Edge Function listed in supabase/config.toml at /functions/v1/<name>, the way the Supabase
// CLI's edge runtime does, without Docker: one Deno process, each function's index.ts imported once with
// Deno.serve captured, its verify_jwt honoured by a gateway check in front of it.
//
//   deno run --allow-net --allow-env --allow-read --config edge-functions/deno.json \
//     local-stack/functions-server.ts --port 54321 --config-toml supabase/config.toml
//
// Differences from hosted, on purpose: functions share one isolate and one env (hosted gives each its
// own worker), and the gateway accepts only JWTs (hosted also takes the opaque sb_ API keys).
import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import { jsonResponse } from "../edge-functions/_shared/errors.ts";
import { bearerToken, jwtVerifierFromEnv } from "../edge-functions/_shared/jwt.ts";
import { HttpError } from "../edge-functions/_shared/errors.ts";
import { createLogger } from "../edge-functions/_shared/log.ts";
import { preflightResponse, withCors, withSecurityHeaders } from "../edge-functions/_shared/cors.ts";
import { frameConfigFromEnv } from "../edge-functions/_shared/frame-config.ts";
import { createSql } from "../edge-functions/_shared/db.ts";
import { parseDueCheck, tickOnce } from "./tick.ts";

type FetchHandler = (req: Request, info?: unknown) => Response | Promise<Response>;

interface LoadedFunction {
  name: string;
  verifyJwt: boolean;
  handler?: FetchHandler;
  bootError?: string;
}

const log = createLogger({ component: "functions-server" });

function arg(name: string, fallback?: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  const value = i >= 0 ? Deno.args[i + 1] : fallback;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

const port = Number(arg("port", "54321"));
// --mailbox DIR: serve the local mailbox (EMAIL_PROVIDER=mailbox) at /mailbox/.
const mailboxDir = Deno.args.includes("--mailbox") ? arg("mailbox") : undefined;
// --tick NAME=SECONDS: POST to a function every SECONDS with the service role key, as pg_cron + pg_net do on
// hosted (the email-worker).
const ticks = Deno.args.flatMap((a, i) => (a === "--tick" ? [Deno.args[i + 1]] : [])).map((t) => {
  const [name, seconds] = t.split("=");
  return { name, seconds: Number(seconds) };
});
// --tick-when NAME=schema.function: ask the database (SUPABASE_DB_URL) that boolean SQL function first and
// call NAME only when it says there is work (see tick.ts): quiet when idle.
const dueChecks = new Map(
  Deno.args.flatMap((a, i) => (a === "--tick-when" ? [parseDueCheck(Deno.args[i + 1])] : [])).map((
    d,
  ) => [d.name, d.sqlFunction]),
);
const configPath = await Deno.realPath(arg("config-toml", "supabase/config.toml"));
const configDir = configPath.slice(0, configPath.lastIndexOf("/"));

const functionConfig = z.object({
  enabled: z.boolean().default(true),
  verify_jwt: z.boolean().default(true),
  entrypoint: z.string().optional(),
});
const config = z.object({ functions: z.record(z.string(), functionConfig).default({}) }).loose()
  .parse(parseToml(await Deno.readTextFile(configPath)));

/** Imports a function's entrypoint and returns the handler it passed to Deno.serve. */
async function load(name: string, entrypoint: string): Promise<FetchHandler> {
  let captured: FetchHandler | undefined;
  const realServe = Deno.serve;
  // deno-lint-ignore no-explicit-any
  (Deno as any).serve = (...args: any[]) => {
    const fn = args.find((a) => typeof a === "function") ?? args.find((a) => a?.handler)?.handler;
    captured = fn;
    return {
      finished: new Promise(() => {}),
      shutdown: () => Promise.resolve(),
      ref() {},
      unref() {},
      addr: {},
    };
  };
  try {
    await import(new URL(`file://${configDir}/${entrypoint}`).href);
  } finally {
    // deno-lint-ignore no-explicit-any
    (Deno as any).serve = realServe;
  }
  if (!captured) throw new Error(`${name}: ${entrypoint} never called Deno.serve`);
  return captured;
}

const functions = new Map<string, LoadedFunction>();
for (const [name, fc] of Object.entries(config.functions)) {
  if (!fc.enabled) continue;
  const entry: LoadedFunction = { name, verifyJwt: fc.verify_jwt };
  try {
    entry.handler = await load(name, fc.entrypoint ?? `functions/${name}/index.ts`);
  } catch (err) {
    // As the edge runtime does, a function that fails to boot answers 503 BOOT_ERROR; the rest still serve.
    entry.bootError = err instanceof Error ? err.message : String(err);
    log.error("function failed to boot", { function: name, err });
  }
  functions.set(name, entry);
}

const verify = jwtVerifierFromEnv({
  JWT_SECRET: Deno.env.get("JWT_SECRET"),
  SUPABASE_JWKS: Deno.env.get("SUPABASE_JWKS"),
});

// CORS_ALLOWED_ORIGINS as the functions read it (the local stack sets `*`).
const frame = frameConfigFromEnv(Deno.env.toObject());

/** Methods the gateway passes on; anything else (TRACE, CONNECT, made-up ones) is a 405 here. */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const error = (req: Request, status: number, code: string, message: string, headers?: HeadersInit) =>
  withCors(
    jsonResponse({ error: { code, message } }, { status, headers }),
    req.headers.get("origin"),
    frame.cors,
  );

/** Every answer, the functions' and the gateway's own, leaves with the security headers. */
async function serve(req: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
  try {
    return withSecurityHeaders(await gateway(req, info));
  } catch (err) {
    log.error("gateway failed", { err });
    return withSecurityHeaders(error(req, 500, "internal_error", "Something went wrong on our side"));
  }
}

async function gateway(req: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
  if (!METHODS.includes(req.method)) {
    return error(req, 405, "method_not_allowed", `Use one of ${METHODS.join(", ")}`, {
      Allow: METHODS.join(", "),
    });
  }
  const url = new URL(req.url);
  if (url.pathname === "/mailbox" || url.pathname.startsWith("/mailbox/")) {
    return await mailbox(req, url.pathname.slice("/mailbox".length));
  }
  const match = url.pathname.match(/^\/functions\/v1\/([^/]+)(\/.*)?$/);
  if (!match) return error(req, 404, "not_found", "Not found");
  const [, name, rest = ""] = match;
  if (name === "_ready") return jsonResponse({ ready: true, functions: [...functions.keys()] });
  // The functions' OpenAPI 3.1 document (generated from edge-functions/_contract: npm run gen:openapi).
  // A local-stack route only: hosted Supabase serves functions, not this file.
  if (name === "openapi.json" && rest === "" && (req.method === "GET" || req.method === "HEAD")) {
    const doc = await Deno.readTextFile(new URL("../clients/openapi.json", import.meta.url));
    return new Response(req.method === "HEAD" ? null : doc, {
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" },
    });
  }
  const fn = functions.get(name);
  if (!fn) return error(req, 404, "function_not_found", `No function named ${name}`);
  if (fn.bootError || !fn.handler) return error(req, 503, "BOOT_ERROR", "Function failed to start");
  if (req.method === "OPTIONS") {
    if (fn.verifyJwt) return preflightResponse(req.headers.get("origin"), frame.cors);
  } else if (fn.verifyJwt) {
    try {
      await verify(bearerToken(req));
    } catch (err) {
      if (err instanceof HttpError) return error(req, 401, err.code, err.message);
      log.error("JWT verification failed unexpectedly", { err });
      return error(req, 500, "internal_error", "Something went wrong on our side");
    }
  }
  // Like the platform's gateway, append the address the request came from to X-Forwarded-For: the
  // function takes the client IP from that trusted hop, never from what the client wrote.
  const headers = new Headers(req.headers);
  const peer = (info.remoteAddr as Deno.NetAddr).hostname;
  const xff = headers.get("x-forwarded-for");
  headers.set("x-forwarded-for", xff ? `${xff}, ${peer}` : peer);
  // Hosted functions see their own name as the first path segment: /<name>/<rest>.
  const forwarded = new Request(new URL(`/${name}${rest}${url.search}`, url.origin), {
    method: req.method,
    headers,
    body: req.body,
    signal: req.signal,
  });
  try {
    return await fn.handler(forwarded, info);
  } catch (err) {
    log.error("function threw", { function: name, err });
    return error(req, 500, "internal_error", "Something went wrong on our side");
  }
}

const escapeHtml = (t: string) =>
  t.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The local mailbox: an index of messages (newest first) and each message's files. */
async function mailbox(req: Request, rest: string): Promise<Response> {
  if (!mailboxDir) return error(req, 404, "not_found", "The mailbox is not enabled");
  const file = rest.match(/^\/([A-Za-z0-9_-]+)\/(body\.html|body\.txt|message\.json)$/);
  if (file) {
    try {
      const body = await Deno.readTextFile(`${mailboxDir}/${file[1]}/${file[2]}`);
      const type = file[2].endsWith(".html")
        ? "text/html"
        : file[2].endsWith(".json")
        ? "application/json"
        : "text/plain";
      return new Response(body, { headers: { "content-type": `${type}; charset=utf-8` } });
    } catch {
      return error(req, 404, "not_found", "No such message");
    }
  }
  if (rest !== "" && rest !== "/") return error(req, 404, "not_found", "Not found");
  const messages: { key: string; date: string; to: string; subject: string }[] = [];
  try {
    for await (const entry of Deno.readDir(mailboxDir)) {
      if (!entry.isDirectory) continue;
      try {
        const m = JSON.parse(await Deno.readTextFile(`${mailboxDir}/${entry.name}/message.json`));
        messages.push({ key: entry.name, date: m.date, to: m.to, subject: m.subject });
      } catch { /* a message being written */ }
    }
  } catch { /* no mail yet */ }
  messages.sort((a, b) => b.date.localeCompare(a.date));
  const rows = messages.map((m) =>
    `<tr><td>${escapeHtml(m.date)}</td><td>${
      escapeHtml(m.to)
    }</td><td><a href="/mailbox/${m.key}/body.html">${
      escapeHtml(m.subject)
    }</a></td><td><a href="/mailbox/${m.key}/body.txt">text</a> · <a href="/mailbox/${m.key}/message.json">headers</a></td></tr>`
  ).join("");
  return new Response(
    `<!doctype html><meta charset="utf-8"><title>TripMaster mailbox</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 12px;text-align:left}</style><h1>Local mailbox (${messages.length})</h1><table><tr><th>Date</th><th>To</th><th>Subject</th><th></th></tr>${rows}</table>`,
    { headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, serve);
log.info("serving functions", { port, functions: [...functions.keys()], mailbox: mailboxDir ?? null });

const serviceKey = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY");
const dbUrl = Deno.env.get("SUPABASE_DB_URL");
const tickSql = dueChecks.size > 0 && dbUrl
  ? createSql(dbUrl, { max: 1, applicationName: "local-tick" })
  : null;
for (const tick of ticks) {
  if (!functions.has(tick.name) || !(tick.seconds > 0) || !serviceKey) continue;
  const dueFunction = dueChecks.get(tick.name);
  const isDue = dueFunction && tickSql
    ? async () => {
      const [row] = await tickSql.unsafe<{ due: boolean }[]>(`select ${dueFunction}() as due`);
      return row?.due === true;
    }
    : undefined;
  let running = false;
  setInterval(async () => {
    if (running) return; // one run at a time, as a cron job with a long run would be skipped
    running = true;
    await tickOnce({
      name: tick.name,
      isDue,
      run: async () => {
        const res = await fetch(`http://127.0.0.1:${port}/functions/v1/${tick.name}`, {
          method: "POST",
          headers: { authorization: `Bearer ${serviceKey}`, "content-type": "application/json" },
          body: "{}",
        });
        await res.body?.cancel();
      },
      warn: (msg, fields) => log.warn(msg, fields),
    });
    running = false;
  }, tick.seconds * 1000);
}
