import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError } from "../../edge-functions/_shared/errors.ts";
import { createFunction, readJson } from "../../edge-functions/_shared/http.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ fn: "t" }, (line) => lines.push(JSON.parse(line))) };
}

describe("createFunction", () => {
  it("turns an HttpError into its status and { error: { code, message } }", async () => {
    const { logger } = capture();
    const fn = createFunction("t", () => {
      throw new HttpError(409, "conflict", "Already there");
    }, { logger });
    const res = await fn(new Request("http://x/t"));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "Already there" } });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("logs an unexpected error and answers a generic 500 that leaks nothing", async () => {
    const { lines, logger } = capture();
    const fn = createFunction("t", () => {
      throw new Error("password authentication failed for user postgres at 10.0.0.5");
    }, { logger });
    const res = await fn(new Request("http://x/t"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal_error", message: "Something went wrong on our side" },
    });
    expect(text).not.toMatch(/postgres|10\.0\.0\.5/);
    const logged = lines.find((l) => l.msg === "unhandled error") as { err: { message: string } };
    expect(logged.err.message).toContain("password authentication failed");
  });

  it("keeps a caller's request id, makes one otherwise, and logs it on every line", async () => {
    const { lines, logger } = capture();
    const fn = createFunction("t", (_req, { log }) => {
      log.info("inside");
      return new Response("ok");
    }, { logger });
    const res = await fn(new Request("http://x/t", { headers: { "x-request-id": "req-123" } }));
    expect(res.headers.get("x-request-id")).toBe("req-123");
    expect(lines.map((l) => l.request_id)).toEqual(["req-123", "req-123"]);
    const res2 = await fn(new Request("http://x/t", { headers: { "x-request-id": "bad id with spaces" } }));
    expect(res2.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers CORS preflight without calling the handler and adds CORS headers to responses", async () => {
    const { logger } = capture();
    let called = false;
    const fn = createFunction("t", () => {
      called = true;
      return new Response("ok");
    }, { logger, config: { cors: { origins: "*" }, trustedProxyHops: 1 } });
    const pre = await fn(new Request("http://x/t", { method: "OPTIONS" }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(called).toBe(false);
    const res = await fn(new Request("http://x/t"));
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("readJson", () => {
  const schema = z.object({ destination: z.string().min(1), adults: z.number().int().positive() });
  const call = (body: string, type = "application/json") =>
    readJson(new Request("http://x", { method: "POST", body, headers: { "content-type": type } }), schema);

  it("returns the parsed, validated body", async () => {
    await expect(call('{"destination":"Lisbon","adults":2}')).resolves.toEqual({
      destination: "Lisbon",
      adults: 2,
    });
  });

  it("refuses a body that is not JSON with 400 invalid_json", async () => {
    await expect(call("{not json")).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });

  it("refuses another content type with 415", async () => {
    await expect(call("a=b", "application/x-www-form-urlencoded")).rejects.toMatchObject({ status: 415 });
  });

  it("refuses the wrong shape with 400 and the failing fields", async () => {
    const err = await call('{"destination":"","adults":-1}').catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: "validation_failed" });
    expect((err.details as { path: string }[]).map((d) => d.path).sort()).toEqual(["adults", "destination"]);
  });

  it("refuses a NUL character (Postgres text cannot hold it) with 400", async () => {
    await expect(call('{"destination":"Lis\\u0000bon","adults":1}')).rejects.toMatchObject({
      status: 400,
      code: "invalid_json",
    });
  });

  it("refuses an oversized body with 413", async () => {
    await expect(call(JSON.stringify({ destination: "x".repeat(1_100_000), adults: 1 }))).rejects
      .toMatchObject({
        status: 413,
      });
  });
});
