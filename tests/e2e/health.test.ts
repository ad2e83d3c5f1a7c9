// End to end: the real Deno functions server (as `npm run stack` runs it) in front of the health function,
// against the throwaway database.
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";
import { freePort, type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(1);
let server: FunctionsServer;
let user: TestUser;

beforeAll(async () => {
  server = await startFunctionsServer();
  user = await createUser(sql);
});
afterAll(async () => {
  await server?.stop();
  await sql`delete from auth.users where id = ${user.id}`;
  await sql.end();
});

const health = (headers: Record<string, string> = {}, method = "GET") =>
  fetch(server.functionsUrl("health"), { method, headers });

describe("health through the Deno-served stack", () => {
  it("tells a signed-in user only that it is up", async () => {
    const res = await health({ authorization: `Bearer ${await tokenFor(user)}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ status: "up" });
  });

  it("answers 200 JSON with the database status for the service role", async () => {
    const res = await health({ authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const [m] = await sql<
      { n: number }[]
    >`select count(*)::int as n from supabase_migrations.schema_migrations`;
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: { reachable: true, migrations_applied: m.n },
      secrets: { missing: [] },
    });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("accepts the anon key, as the hosted gateway does, and tells it only up or down", async () => {
    const res = await health({ authorization: `Bearer ${LOCAL_ANON_KEY}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "up" });
  });

  it.each([
    ["no Authorization header", {}],
    ["a malformed token", { authorization: "Bearer not.a.jwt" }],
    ["a non-Bearer scheme", { authorization: "Basic YWRtaW46YWRtaW4=" }],
  ])("refuses %s with 401 JSON", async (_name, headers) => {
    const res = await health(headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it("refuses an unsigned (alg none) token with 401 JSON", async () => {
    const token = new UnsecuredJWT({ sub: user.id, role: "service_role" }).setExpirationTime("1h").encode();
    const res = await health({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_jwt" } });
  });

  it("refuses a token forged with another secret and an expired one", async () => {
    const forged = await new SignJWT({ sub: user.id, role: "authenticated" }).setProtectedHeader({
      alg: "HS256",
    })
      .setExpirationTime("1h").sign(new TextEncoder().encode("x".repeat(40)));
    expect((await health({ authorization: `Bearer ${forged}` })).status).toBe(401);
    const expired = await tokenFor(user, {
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      expiresInSeconds: 60,
    });
    const res = await health({ authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "invalid_jwt", message: "JWT expired" } });
  });

  it("lets a CORS preflight through without a token", async () => {
    const res = await health(
      { origin: "http://localhost:3000", "access-control-request-method": "GET" },
      "OPTIONS",
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers 404 JSON for a function that does not exist", async () => {
    const res = await fetch(server.functionsUrl("nope"));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "function_not_found" } });
  });
});

describe("health when things are missing", () => {
  it("answers 503 JSON when the database is down, and names missing secrets", async () => {
    const down = await startFunctionsServer({
      SUPABASE_DB_URL: `postgresql://postgres:postgres@127.0.0.1:${await freePort()}/postgres`,
      SUPABASE_SERVICE_ROLE_KEY: undefined,
    });
    try {
      const anon = await fetch(down.functionsUrl("health"), {
        headers: { authorization: `Bearer ${LOCAL_ANON_KEY}` },
      });
      expect(anon.status).toBe(503);
      expect(await anon.json()).toEqual({ status: "down" });
      // The key is not in this server's env: the service role is recognised from its verified token.
      const res = await fetch(down.functionsUrl("health"), {
        headers: { authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: "unavailable",
        database: { reachable: false, migrations_applied: null },
        secrets: { missing: ["SUPABASE_SERVICE_ROLE_KEY"] },
      });
    } finally {
      await down.stop();
    }
  });
});
