import { describe, expect, it } from "vitest";
import { createHealthHandler, type HealthBody } from "../../edge-functions/health/handler.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";

const quiet = createLogger({}, () => {});
const env = { SUPABASE_URL: "http://x", SUPABASE_DB_URL: "postgresql://secret@db", API_KEY: "sk_live_value" };
const get = () => new Request("http://x/health");

describe("health handler", () => {
  it("reports a reachable database, its migrations and no missing secrets", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: ["SUPABASE_URL", "SUPABASE_DB_URL"],
      checkDatabase: async () => ({ migrationsApplied: 4, latestMigration: "20261123000400" }),
      logger: quiet,
      now: () => new Date("2026-11-23T10:00:00Z"),
    });
    const res = await handler(get());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      time: "2026-11-23T10:00:00.000Z",
      database: { reachable: true, migrations_applied: 4, latest_migration: "20261123000400" },
      secrets: { missing: [] },
    });
  });

  it("lists missing required secrets by name only (degraded, still 200)", async () => {
    const handler = createHealthHandler({
      env,
      requiredSecrets: ["SUPABASE_URL", "STRIPE_SECRET_KEY", "RESEND_API_KEY", "API_KEY"],
      checkDatabase: async () => ({ migrationsApplied: 1, latestMigration: "1" }),
      logger: quiet,
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
});
