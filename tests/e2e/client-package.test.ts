// @tripmaster/client as a frontend gets it: packed (npm pack), installed from the tarball into a scratch
// project without network (npm install --offline: its dependencies come from the npm cache), type-checked
// against a small app, and run against the Deno-served functions and the test database.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY, ROOT } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const run = promisify(execFile);
const TSC = path.join(ROOT, "node_modules/.bin/tsc");
const sql = testSql(2);
let server: FunctionsServer;
let scratch: string;
let tarball: string;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    types: ["node"],
    strict: true,
    // The package's own declarations are checked too (only dependencies' are skipped).
    skipLibCheck: false,
    outDir: "out",
  },
};

// The app a frontend developer would write; every value it prints comes through the package's types.
const APP = `
import {
  createFunctionsClient,
  type GenerationJob,
  isFunctionError,
  planCalendarUrl,
  type Result,
} from "@tripmaster/client";

const url = process.env.TM_URL!;
const api = createFunctionsClient({
  url,
  anonKey: process.env.TM_ANON_KEY!,
  accessToken: async () => process.env.TM_TOKEN,
});
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const health = await api.health();
const started = await api.generatePlan({
  destination: "Lisbon",
  start_date: inDays(20),
  end_date: inDays(22),
  budget: { amount: 900, currency: "EUR" },
});
if (started.error) throw started.error;
const job: Result<GenerationJob> = await api.waitForGeneration(started.data.job_id, { intervalMs: 100 });
const bad = await api.generatePlan({
  destination: "Lisbon",
  start_date: inDays(20),
  end_date: inDays(10),
  budget: { amount: 900, currency: "EUR" },
});
const events: string[] = [];
const stream = await api.streamPlanGeneration({
  destination: "Porto",
  start_date: inDays(20),
  end_date: inDays(20),
  budget: { amount: 300, currency: "EUR" },
});
if (stream.data) for await (const e of stream.data) events.push(e.type);
console.log(JSON.stringify({
  health: health.data,
  status: job.data?.status,
  days: job.data?.plan?.days.map((d) => d.items.length > 0),
  calendar: job.data?.plan ? planCalendarUrl(url, job.data.plan.id) : null,
  bad: isFunctionError(bad.error) ? { status: bad.error.status, code: bad.error.code } : null,
  events,
}));
`;

// A mistake the package's types must catch: a field the contract does not have.
const WRONG = `
import { createFunctionsClient } from "@tripmaster/client";
const api = createFunctionsClient({ url: "http://x", anonKey: "k" });
const job = await api.generationJob("j");
export const n: number = job.data!.plan!.days[0].items[0].nonexistent_field;
`;

const nodeTypesVersion = () =>
  JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")).packages["node_modules/@types/node"]
    .version as string;

type LockEntry = { version?: string; integrity?: string; dependencies?: Record<string, string> };

/**
 * The scratch project's lockfile: the tarball, and its dependencies' closure as the repository's lockfile
 * pins them (same versions and integrity), so `npm ci --offline` installs them from the npm cache without
 * asking the registry anything.
 */
function scratchLock(tgz: string) {
  const root = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")).packages as Record<
    string,
    LockEntry
  >;
  const client = JSON.parse(readFileSync(path.join(ROOT, "clients/package.json"), "utf8"));
  const packages: Record<string, LockEntry & Record<string, unknown>> = {
    "": {
      name: "scratch-app",
      dependencies: { "@tripmaster/client": `file:${tgz}` },
      devDependencies: { "@types/node": root["node_modules/@types/node"].version },
    },
    "node_modules/@tripmaster/client": {
      version: client.version,
      resolved: `file:${tgz}`,
      dependencies: client.dependencies,
    },
  };
  // Node's resolution over the lockfile's paths: nested first, then hoisted.
  const resolve = (from: string, name: string) => {
    for (let dir = from;; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {
      const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (root[key]) return key;
      if (!dir) throw new Error(`${name} (needed by ${from}) is not in package-lock.json`);
    }
  };
  // supabase-js's declarations name Node types (Buffer): an app checking all declarations needs them.
  const queue = [...Object.keys(client.dependencies), "@types/node"].map((name) => resolve("", name));
  while (queue.length) {
    const key = queue.pop()!;
    if (packages[key]) continue;
    packages[key] = key === "node_modules/@types/node" ? { ...root[key], dev: true } : root[key];
    for (const dep of Object.keys(root[key].dependencies ?? {})) queue.push(resolve(key, dep));
  }
  return { name: "scratch-app", lockfileVersion: 3, requires: true, packages };
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "tripmaster-client-"));
  // prepack builds dist/ (tsc) before packing.
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], {
    cwd: path.join(ROOT, "clients"),
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("[")));
  tarball = path.join(scratch, packed.filename);
  writeFileSync(
    path.join(scratch, "package.json"),
    JSON.stringify({
      name: "scratch-app",
      private: true,
      type: "module",
      dependencies: { "@tripmaster/client": `file:${tarball}` },
      devDependencies: { "@types/node": nodeTypesVersion() },
    }),
  );
  writeFileSync(path.join(scratch, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: ["app.ts"] }));
  writeFileSync(path.join(scratch, "app.ts"), APP);
  writeFileSync(path.join(scratch, "package-lock.json"), JSON.stringify(scratchLock(tarball), null, 2));
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: scratch });
  server = await startFunctionsServer();
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await sql.end();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the packed client", () => {
  it("ships ESM and declarations only, with an exports map and nothing from outside the package", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout.trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/contract/generate-plan.js");
    expect(files).toContain("openapi.json");
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const installed = path.join(scratch, "node_modules/@tripmaster/client");
    const pkg = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(JSON.stringify(pkg.exports)).not.toMatch(/(?<!\.d)\.ts"/);
    for (const f of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(path.join(installed, f), "utf8");
      for (const [, spec] of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)["']([^"']+)["']/gm)) {
        if (spec.startsWith(".")) {
          expect(
            path.resolve(path.dirname(path.join(installed, f)), spec).startsWith(installed),
            `${f}: ${spec}`,
          )
            .toBe(true);
          expect(spec, `${f}`).not.toMatch(/\.ts$/);
        } else {
          expect(["@supabase/supabase-js", "zod"], `${f} imports ${spec}`).toContain(spec);
        }
      }
    }
  });

  it("type-checks an app against the installed package, and its types catch a wrong field", async () => {
    await run(TSC, ["--noEmit", "-p", scratch]);
    writeFileSync(path.join(scratch, "wrong.ts"), WRONG);
    writeFileSync(
      path.join(scratch, "tsconfig.wrong.json"),
      JSON.stringify({ ...TSCONFIG, files: ["wrong.ts"] }),
    );
    const failed = await run(TSC, ["--noEmit", "-p", path.join(scratch, "tsconfig.wrong.json")]).catch((e) =>
      e
    );
    expect(failed.stdout).toMatch(/nonexistent_field/);
  });

  it("runs the app against the functions: a plan generated, polled and streamed, a bad request typed", async () => {
    await run(TSC, ["-p", scratch]);
    const user = await createUser(sql);
    const { stdout } = await run(process.execPath, [path.join(scratch, "out/app.js")], {
      cwd: scratch,
      env: {
        ...process.env,
        TM_URL: server.url,
        TM_ANON_KEY: LOCAL_ANON_KEY,
        TM_TOKEN: await tokenFor(user),
      },
    });
    const out = JSON.parse(stdout);
    expect(out.health).toEqual({ status: "up" });
    expect(out.status).toBe("succeeded");
    expect(out.days).toEqual([true, true, true]);
    expect(out.calendar).toMatch(/\/functions\/v1\/plan-calendar\/[0-9a-f-]{36}$/);
    expect(out.bad).toEqual({ status: 400, code: "validation_failed" });
    expect(out.events[0]).toBe("queued");
    expect(out.events.at(-1)).toBe("done");
  });
});
