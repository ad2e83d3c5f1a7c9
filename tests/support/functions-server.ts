// Starts the real Deno functions server (local-stack/functions-server.ts) for end-to-end tests, on a free
// port, with the env the hosted runtime gives; `stop()` ends it.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import process from "node:process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import {
  DENO,
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SEND_EMAIL_HOOK_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
  ROOT,
  TEST_DB_URL,
} from "./env.ts";

export interface FunctionsServer {
  url: string;
  /** The local mailbox folder this server's functions write to (EMAIL_PROVIDER=mailbox). */
  mailboxDir: string;
  functionsUrl: (name: string) => string;
  output: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startFunctionsServer(
  envOverrides: Record<string, string | undefined> = {},
  options: { configToml?: string; ticks?: string[]; tickWhen?: string[] } = {},
): Promise<FunctionsServer> {
  const port = await freePort();
  const mailboxDir = envOverrides.MAILBOX_DIR ?? mkdtempSync(path.join(tmpdir(), "tm-mailbox-"));
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (
    const [k, v] of Object.entries({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DENO_DIR: process.env.DENO_DIR,
      SUPABASE_URL: url,
      SUPABASE_DB_URL: TEST_DB_URL,
      SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
      JWT_SECRET: LOCAL_JWT_SECRET,
      SEND_EMAIL_HOOK_SECRET: LOCAL_SEND_EMAIL_HOOK_SECRET,
      EMAIL_PROVIDER: "mailbox",
      MAILBOX_DIR: mailboxDir,
      SITE_URL: "http://127.0.0.1:3000",
      CORS_ALLOWED_ORIGINS: "*", // as the local stack sets it
      ...envOverrides,
    })
  ) if (v !== undefined) env[k] = v;

  let output = "";
  const child: ChildProcess = spawn(
    DENO,
    [
      "run",
      "--quiet",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-sys",
      `--allow-write=${mailboxDir}`,
      "--config",
      path.join(ROOT, "edge-functions/deno.json"),
      path.join(ROOT, "local-stack/functions-server.ts"),
      "--port",
      String(port),
      "--config-toml",
      options.configToml ?? path.join(ROOT, "supabase/config.toml"),
      "--mailbox",
      mailboxDir,
      ...(options.ticks ?? []).flatMap((t) => ["--tick", t]),
      ...(options.tickWhen ?? []).flatMap((t) => ["--tick-when", t]),
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`functions server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/functions/v1/_ready`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`functions server not ready after 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    mailboxDir,
    functionsUrl: (name) => `${url}/functions/v1/${name}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // The mailbox folder is removed with the server, unless the caller brought their own.
        const done = () => {
          if (!envOverrides.MAILBOX_DIR) rmSync(mailboxDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}
