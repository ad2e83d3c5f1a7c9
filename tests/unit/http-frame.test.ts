// The request frame (createFunction): CORS from configuration, security headers on every answer, the
// client IP from the trusted hop, the request scope the database helpers read, and URLs checked for text
// Postgres cannot store.
import { describe, expect, it } from "vitest";
import { HttpError } from "../../edge-functions/_shared/errors.ts";
import { parseAllowedOrigins } from "../../edge-functions/_shared/cors.ts";
import { EnvError } from "../../edge-functions/_shared/env.ts";
import { type FrameConfig, frameConfigFromEnv } from "../../edge-functions/_shared/frame-config.ts";
import { createFunction, type RequestContext } from "../../edge-functions/_shared/http.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { currentRequestScope, type RequestScope } from "../../edge-functions/_shared/request-scope.ts";

const logger = createLogger({}, () => {});
const APP = "https://app.tripmaster.app";
const listed: FrameConfig = { cors: { origins: [APP, "http://localhost:3000"] }, trustedProxyHops: 1 };

describe("CORS from configuration", () => {
  const fn = createFunction("t", () => new Response("ok"), { logger, config: listed });

  it("allows a listed origin by name (never *), and says the answer varies by Origin", async () => {
    const res = await fn(new Request("http://x/t", { headers: { origin: APP } }));
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("vary")).toMatch(/origin/i);
    const pre = await fn(
      new Request("http://x/t", {
        method: "OPTIONS",
        headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
      }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("gives another origin no Access-Control-Allow-Origin, on answers and preflights", async () => {
    for (const method of ["GET", "OPTIONS"]) {
      const res = await fn(
        new Request("http://x/t", { method, headers: { origin: "https://evil.example" } }),
      );
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-headers")).toBeNull();
      expect(res.headers.get("vary")).toMatch(/origin/i);
    }
  });

  it("allows no origin when CORS_ALLOWED_ORIGINS is unset, and any with * (the local stack)", async () => {
    const none = createFunction("t", () => new Response("ok"), { logger, config: frameConfigFromEnv({}) });
    const res = await none(new Request("http://x/t", { headers: { origin: APP } }));
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const any = createFunction("t", () => new Response("ok"), {
      logger,
      config: frameConfigFromEnv({ CORS_ALLOWED_ORIGINS: "*" }),
    });
    const res2 = await any(new Request("http://x/t", { headers: { origin: APP } }));
    expect(res2.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("parses a list of origins and refuses anything that is not an origin", () => {
    expect(parseAllowedOrigins(" https://a.example , http://localhost:3000 ").origins).toEqual([
      "https://a.example",
      "http://localhost:3000",
    ]);
    for (const bad of ["https://a.example/app", "*.example.com", "a.example", "https://a.example?x=1"]) {
      expect(() => parseAllowedOrigins(bad), bad).toThrow(/origin/);
    }
    expect(() => frameConfigFromEnv({ CORS_ALLOWED_ORIGINS: "https://a.example/path" })).toThrow(EnvError);
  });

  it("refuses * on a hosted project (SUPABASE_URL https://<ref>.supabase.co), naming the variable", () => {
    expect(() => frameConfigFromEnv({ CORS_ALLOWED_ORIGINS: "*", SUPABASE_URL: "https://abcd.supabase.co" }))
      .toThrow(/CORS_ALLOWED_ORIGINS is invalid/);
    expect(frameConfigFromEnv({ CORS_ALLOWED_ORIGINS: "*", SUPABASE_URL: "http://127.0.0.1:54321" }).cors)
      .toEqual({ origins: "*" });
    expect(
      frameConfigFromEnv({ CORS_ALLOWED_ORIGINS: APP, SUPABASE_URL: "https://abcd.supabase.co" }).cors,
    ).toEqual({ origins: [APP] });
  });
});

describe("security headers", () => {
  it("are on every answer: success, HttpError, unexpected error, preflight", async () => {
    const answers = [
      await createFunction("t", () => new Response("ok"), { logger, config: listed })(
        new Request("http://x/t"),
      ),
      await createFunction("t", () => {
        throw new HttpError(404, "not_found", "Not found");
      }, { logger, config: listed })(new Request("http://x/t")),
      await createFunction("t", () => {
        throw new Error("boom");
      }, { logger, config: listed })(new Request("http://x/t")),
      await createFunction("t", () => new Response("ok"), { logger, config: listed })(
        new Request("http://x/t", { method: "OPTIONS", headers: { origin: APP } }),
      ),
      // A response with immutable headers (as fetch() returns) gets them too.
      await createFunction("t", () => Response.redirect("http://x/elsewhere", 302), {
        logger,
        config: listed,
      })(
        new Request("http://x/t"),
      ),
    ];
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });
});

describe("client IP and request scope", () => {
  it("takes the client IP from the trusted hop, not the client-written first entry", async () => {
    let seen: RequestContext["clientIp"] | undefined;
    const hops = (trustedProxyHops: number) =>
      createFunction("t", (_req, ctx) => {
        seen = ctx.clientIp;
        return new Response("ok");
      }, { logger, config: { cors: { origins: [] }, trustedProxyHops } });
    const req = () =>
      new Request("http://x/t", { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" } });
    await hops(1)(req());
    expect(seen).toBe("10.0.0.2");
    await hops(2)(req());
    expect(seen).toBe("203.0.113.7");
    expect(frameConfigFromEnv({}).trustedProxyHops).toBe(1);
    expect(frameConfigFromEnv({ TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
    expect(() => frameConfigFromEnv({ TRUSTED_PROXY_HOPS: "0" })).toThrow(EnvError);
  });

  it("gives code below the handler, and work it leaves running, the headers SQL sees", async () => {
    let inside: RequestScope | undefined;
    let background: Promise<RequestScope | undefined> | undefined;
    const fn = createFunction("t", async () => {
      await Promise.resolve();
      inside = currentRequestScope();
      background = new Promise((r) => setTimeout(() => r(currentRequestScope()), 10));
      return new Response("ok");
    }, { logger, config: listed });
    await fn(
      new Request("http://x/t", {
        headers: {
          "user-agent": "TripMasterApp/1.0",
          "x-forwarded-for": "6.6.6.6, 198.51.100.4",
          cookie: "s=1",
        },
      }),
    );
    const expected = {
      sqlHeaders: { "user-agent": "TripMasterApp/1.0", "x-forwarded-for": "6.6.6.6, 198.51.100.4" },
      clientIp: "198.51.100.4",
    };
    expect(inside).toEqual(expected);
    expect(await background).toEqual(expected);
    expect(currentRequestScope()).toBeUndefined();
  });
});

describe("URLs with text Postgres cannot store", () => {
  const fn = createFunction("t", () => new Response("ok"), { logger, config: listed });
  it.each([
    ["a NUL in the query", "http://x/t?token=%00"],
    ["a NUL in a query key", "http://x/t?a%00=1"],
    ["a NUL in the path", "http://x/t/abc%00def"],
    ["an encoded lone surrogate (invalid UTF-8) in the path", "http://x/t/%ED%A0%80"],
  ])("refuses %s with 400 bad_request", async (_name, url) => {
    const res = await fn(new Request(url));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });

  it("lets ordinary encoded text through", async () => {
    expect((await fn(new Request("http://x/t/Caf%C3%A9?q=%F0%9F%98%80&x=a%20b"))).status).toBe(200);
  });
});
