import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { createHealthHandler, type HealthBody } from "../../edge-functions/health/handler.ts";
import { createServiceRoleCheck } from "../../edge-functions/health/service-role.ts";
import { createJwtVerifier } from "../../edge-functions/_shared/jwt.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";

const quiet = createLogger({}, () => {});
const env = { SUPABASE_URL: "http://x", SUPABASE_DB_URL: "postgresql://secret@db", API_KEY: "sk_live_value" };
const get = () => new Request("http://x/health");
/** These tests look at the details, which only the service role sees. */
const service = async () => true;

describe("health handler", () => {
  it("reports a reachable database, its migrations and no missing secrets", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: ["SUPABASE_URL", "SUPABASE_DB_URL"],
      checkDatabase: async () => ({ migrationsApplied: 4, latestMigration: "20261129000400" }),
      logger: quiet,
      isServiceRole: service,
      now: () => new Date("2026-11-23T10:00:00Z"),
    });
    const res = await handler(get());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      time: "2026-11-23T10:00:00.000Z",
      database: { reachable: true, migrations_applied: 4, latest_migration: "20261129000400" },
      secrets: { missing: [] },
    });
  });

  it("lists missing required secrets by name only (degraded, still 200)", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: ["SUPABASE_URL", "STRIPE_SECRET_KEY", "RESEND_API_KEY", "API_KEY"],
      checkDatabase: async () => ({ migrationsApplied: 1, latestMigration: "1" }),
      logger: quiet,
      isServiceRole: service,
    });
    const res = await handler(get());
    const text = await res.text();
    const body = JSON.parse(text) as HealthBody;
    expect(res.status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.secrets.missing).toEqual(["STRIPE_SECRET_KEY", "RESEND_API_KEY"]);
    expect(text).not.toContain("sk_live_value");
    expect(text).not.toContain("secret@db");
  });

  it("answers 503 when the database fails, without the error's text", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: [],
      checkDatabase: () => Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:5432")),
      logger: quiet,
      isServiceRole: service,
    });
    const res = await handler(get());
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: "unavailable", database: { reachable: false } });
    expect(text).not.toContain("ECONNREFUSED");
  });

  it("answers 503 when the database does not answer in time", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: [],
      checkDatabase: () => new Promise(() => {}),
      timeoutMs: 50,
      logger: quiet,
    });
    const res = await handler(get());
    expect(res.status).toBe(503);
  });

  it("refuses other methods with 405 JSON", async () => {
    const handler = createHealthHandler({
      env,
      checkDatabase: async () => ({ migrationsApplied: 0, latestMigration: null }),
      logger: quiet,
    });
    const res = await handler(new Request("http://x/health", { method: "POST", body: "{}" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("tells a caller without the service role only up or down", async () => {
    for (
      const [check, status, word] of [[
        async () => ({ migrationsApplied: 4, latestMigration: "9" }),
        200,
        "up",
      ], [
        () => Promise.reject(new Error("down")),
        503,
        "down",
      ]] as const
    ) {
      const handler = createHealthHandler({
        env,
        requiredSecrets: ["STRIPE_SECRET_KEY"],
        checkDatabase: check,
        logger: quiet,
        isServiceRole: async () => false,
      });
      const res = await handler(get());
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ status: word });
    }
    // Without a check wired in, nobody gets the details.
    const bare = createHealthHandler({
      env,
      requiredSecrets: ["STRIPE_SECRET_KEY"],
      checkDatabase: async () => ({ migrationsApplied: 4, latestMigration: "9" }),
      logger: quiet,
    });
    expect(await (await bare(get())).json()).toEqual({ status: "up" });
  });
});

describe("the service role check", () => {
  const secret = "s".repeat(40);
  const key = "sb_secret_abcdefghijklmnopqrstuvwxyz";
  const check = createServiceRoleCheck({ serviceRoleKey: key, verify: createJwtVerifier({ secret }) });
  const jwt = (role: string, signWith = secret) =>
    new SignJWT({ role }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h")
      .sign(new TextEncoder().encode(signWith));
  const withToken = (token?: string) =>
    new Request("http://x/health", { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("accepts the service role key itself and a verified service_role token", async () => {
    expect(await check(withToken(key))).toBe(true);
    expect(await check(withToken(await jwt("service_role")))).toBe(true);
  });

  it("refuses no token, the anon role, a user, a forged service_role token and a near-miss key", async () => {
    expect(await check(withToken())).toBe(false);
    expect(await check(withToken(await jwt("anon")))).toBe(false);
    expect(await check(withToken(await jwt("authenticated")))).toBe(false);
    expect(await check(withToken(await jwt("service_role", "x".repeat(40))))).toBe(false);
    expect(await check(withToken(key + "x"))).toBe(false);
  });
});
