// The local functions server itself, with a config.toml of its own: verify_jwt off, a function that fails
// to boot, a function that throws, and the path a function sees.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";

let dir: string;
let server: FunctionsServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tm-gateway-"));
  const fn = (name: string, code: string) => writeFileSync(path.join(dir, `${name}.ts`), code);
  fn("echo", `Deno.serve((req) => Response.json({ path: new URL(req.url).pathname, method: req.method }));`);
  fn("broken", `throw new Error("SOME_SECRET is missing");\nDeno.serve(() => new Response("never"));`);
  fn("throws", `Deno.serve(() => { throw new Error("db password is hunter2"); });`);
  fn("headers", `Deno.serve((req) => Response.json({ xff: req.headers.get("x-forwarded-for") }));`);
  writeFileSync(
    path.join(dir, "config.toml"),
    `[functions.echo]\nverify_jwt = false\nentrypoint = "./echo.ts"\n\n` +
      `[functions.broken]\nverify_jwt = false\nentrypoint = "./broken.ts"\n\n` +
      `[functions.throws]\nverify_jwt = false\nentrypoint = "./throws.ts"\n\n` +
      `[functions.headers]\nverify_jwt = false\nentrypoint = "./headers.ts"\n\n` +
      `[functions.off]\nenabled = false\nentrypoint = "./echo.ts"\n`,
  );
  server = await startFunctionsServer({}, { configToml: path.join(dir, "config.toml") });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("local functions server", () => {
  it("serves a verify_jwt = false function without a token, at /<name>/<rest> like hosted", async () => {
    const res = await fetch(server.functionsUrl("echo") + "/trips/42?x=1", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: "/echo/trips/42", method: "POST" });
  });

  it("answers 503 BOOT_ERROR for a function that fails to start, and keeps serving the others", async () => {
    const res = await fetch(server.functionsUrl("broken"));
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "BOOT_ERROR", message: "Function failed to start" } });
    expect(text).not.toContain("SOME_SECRET");
    expect(server.output()).toContain("SOME_SECRET is missing"); // logged for the developer
    expect((await fetch(server.functionsUrl("echo"))).status).toBe(200);
  });

  it("turns an exception escaping a function into a generic 500 JSON", async () => {
    const res = await fetch(server.functionsUrl("throws"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "internal_error" } });
    expect(text).not.toContain("hunter2");
  });

  it("does not serve a disabled function", async () => {
    expect((await fetch(server.functionsUrl("off"))).status).toBe(404);
  });

  it.each(["TRACE", "PROPFIND", "BREW"])("answers %s with 405 JSON and an Allow header", async (method) => {
    // fetch() refuses to send TRACE, so this goes through node:http.
    const res = await rawRequest(method, server.functionsUrl("echo"));
    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "method_not_allowed" } });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("puts nosniff and no-referrer on every answer: a function's, its own 404, 503 and 500", async () => {
    for (const name of ["echo", "nope", "broken", "throws"]) {
      const res = await fetch(server.functionsUrl(name));
      await res.body?.cancel();
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), name).toBe("no-referrer");
    }
    const outside = await fetch(`${server.url}/elsewhere`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("appends the peer address to X-Forwarded-For, as the platform's gateway does", async () => {
    const sent = await fetch(server.functionsUrl("headers"), { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(await sent.json()).toEqual({ xff: "6.6.6.6, 127.0.0.1" });
    const none = await fetch(server.functionsUrl("headers"));
    expect(await none.json()).toEqual({ xff: "127.0.0.1" });
  });
});

function rawRequest(method: string, url: string) {
  return new Promise<
    { status: number; headers: Record<string, string | string[] | undefined>; body: string }
  >(
    (resolve, reject) => {
      const req = httpRequest(url, { method }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("the OpenAPI document", () => {
  it("is served at /functions/v1/openapi.json, the committed file as generated from the contract", async () => {
    const res = await fetch(server.functionsUrl("openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const committed = readFileSync(new URL("../../clients/openapi.json", import.meta.url), "utf8");
    expect(await res.text()).toBe(committed);
    expect((await fetch(server.functionsUrl("openapi.json/x"))).status).toBe(404);
  });
});
