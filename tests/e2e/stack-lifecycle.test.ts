// The README's stack command, for real: it boots a stack (its own data folder and ports, beside any stack
// a developer runs), prints a curl that works, keeps its data across stop and start.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import process from "node:process";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/env.ts";
import { freePort } from "../support/functions-server.ts";

const NAME = "e2e-lifecycle";
const env = { ...process.env, STACK_NAME: NAME } as Record<string, string>;
const stackSh = path.join(ROOT, "local-stack/stack.sh");
const dataDir = () =>
  execFileSync("bash", ["-c", `source '${ROOT}/local-stack/lib.sh'; cluster_dir ${NAME}`], {
    encoding: "utf8",
  }).trim();

function start(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn("bash", [stackSh, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in 90 s:\n${out}`)), 90_000);
    const check = setInterval(() => {
      if (/curl -s .*health/.test(out)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => out });
      } else if (child.exitCode !== null) {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`stack exited (${child.exitCode}):\n${out}`));
      }
    }, 100);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    execFileSync("bash", [stackSh, "stop"], { env, stdio: "ignore" });
  });
}

/** Runs the exact curl line the stack printed. */
function runPrintedCurl(output: string): { status: number; body: unknown } {
  const line = output.split("\n").find((l) => /^\s*curl -s /.test(l))!.trim();
  const res = execFileSync("bash", ["-c", `${line} -w '\\n%{http_code}'`], { encoding: "utf8" });
  const lines = res.trimEnd().split("\n");
  return { status: Number(lines.pop()), body: JSON.parse(lines.join("\n")) };
}

afterAll(() => {
  execFileSync("bash", [stackSh, "stop"], { env, stdio: "ignore" });
  execFileSync("rm", ["-rf", dataDir(), path.join(ROOT, ".stack", `mailbox-${NAME}`)]);
});

describe("npm run stack", () => {
  it("serves health, prints a working curl, and keeps data across stop and start", async () => {
    env.DEV_DB_PORT = String(await freePort());
    env.DEV_FUNCTIONS_PORT = String(await freePort());
    execFileSync("rm", ["-rf", dataDir()]);

    const first = await start();
    expect(first.output()).toContain(`http://127.0.0.1:${env.DEV_FUNCTIONS_PORT}/functions/v1/`);
    const r1 = runPrintedCurl(first.output());
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ status: "ok", database: { reachable: true } });

    const db = postgres(`postgresql://postgres:postgres@127.0.0.1:${env.DEV_DB_PORT}/postgres`, { max: 1 });
    await db`update public.profiles set display_name = 'Survives restarts' where id = 'a1a1a1a1-0000-4000-8000-000000000001'`;
    await db.end();
    await stop(first.child);

    const second = await start();
    const db2 = postgres(`postgresql://postgres:postgres@127.0.0.1:${env.DEV_DB_PORT}/postgres`, { max: 1 });
    const [p] = await db2<{ display_name: string }[]>`
      select display_name from public.profiles where id = 'a1a1a1a1-0000-4000-8000-000000000001'`;
    await db2.end();
    expect(p.display_name).toBe("Survives restarts");
    expect(runPrintedCurl(second.output()).status).toBe(200);

    // `npm run token` goes through the real custom access token hook: the seeded admin is an admin, and a
    // suspended account gets no token.
    const token = (email: string) =>
      execFileSync("bash", [stackSh, "token", email], {
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      })
        .trim();
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
    expect(claims(token("admin@tripmaster.test"))).toMatchObject({ user_role: "admin", tier: "free" });
    expect(claims(token("ada@tripmaster.test"))).toMatchObject({ user_role: "user" });
    const db3 = postgres(`postgresql://postgres:postgres@127.0.0.1:${env.DEV_DB_PORT}/postgres`, { max: 1 });
    await db3`update public.profiles set suspended_at = now() where id = 'b2b2b2b2-0000-4000-8000-000000000002'`;
    await db3.end();
    expect(() => token("ben@tripmaster.test")).toThrow(/suspended/);
    await stop(second.child);
  }, 240_000);

  it("stops what it started when a start fails half-way (the functions port is taken)", async () => {
    const squatter = createServer((_req, res) => res.writeHead(404).end()).listen(0, "127.0.0.1");
    await new Promise((r) => squatter.once("listening", r));
    const port = (squatter.address() as { port: number }).port;
    try {
      // Asynchronously: the squatter answers from this process's event loop.
      const child = spawn("bash", [stackSh, "start"], {
        env: { ...env, DEV_FUNCTIONS_PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, out).not.toBe(0);
      expect(out).toMatch(/did not come up/);
      expect(out).toMatch(/start failed; everything it started is stopped/);
      const running = spawnSync("bash", [
        "-c",
        `source '${ROOT}/local-stack/lib.sh'; cluster_running '${dataDir()}'`,
      ]);
      expect(running.status, "the database was stopped").not.toBe(0);
      expect(existsSync(path.join(ROOT, ".stack", `functions-${NAME}.pid`))).toBe(false);
    } finally {
      squatter.close();
    }
  }, 150_000);
});
