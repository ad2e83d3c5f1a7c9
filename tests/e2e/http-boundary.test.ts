// The HTTP boundary through the Deno-served functions: CORS from CORS_ALLOWED_ORIGINS (the gateway's own
// answers and the functions'), the client IP and user agent reaching the activity log from a function,
// and input Postgres cannot store refused with 400 instead of a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const APP = "https://app.tripmaster.example";
const sql = testSql(2);
let server: FunctionsServer;
let user: TestUser;

beforeAll(async () => {
  server = await startFunctionsServer({ CORS_ALLOWED_ORIGINS: `${APP}, http://localhost:3000` });
  user = await createUser(sql);
});
afterAll(async () => {
  await server?.stop();
  await sql`delete from auth.users where id = ${user.id}`;
  await sql.end();
});

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const planBody = (destination: string) =>
  `{"destination":"${destination}","start_date":"${inDays(30)}","end_date":"${inDays(31)}","adults":1,` +
  `"budget":{"amount":900,"currency":"EUR"},"interests":["food"]}`;

describe("CORS from CORS_ALLOWED_ORIGINS", () => {
  it("answers a listed origin's preflight by name, at the gateway (verify_jwt) and in a function", async () => {
    for (const name of ["health", "plan-calendar"]) {
      const res = await fetch(server.functionsUrl(name), {
        method: "OPTIONS",
        headers: { origin: APP, "access-control-request-method": "GET" },
      });
      expect(res.status, name).toBe(204);
      expect(res.headers.get("access-control-allow-origin"), name).toBe(APP);
      expect(res.headers.get("access-control-allow-headers"), name).toContain("authorization");
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), name).toBe("no-referrer");
    }
  });

  it("gives another origin no Access-Control-Allow-Origin, on preflights, errors and answers", async () => {
    const evil = { origin: "https://evil.example" };
    const answers = [
      await fetch(server.functionsUrl("health"), {
        method: "OPTIONS",
        headers: { ...evil, "access-control-request-method": "GET" },
      }),
      await fetch(server.functionsUrl("health"), { headers: evil }), // the gateway's 401
      await fetch(server.functionsUrl("plan-calendar/6f0b8f3e-9a51-4d8e-9a1e-0b1f4a3c2d10"), {
        headers: evil,
      }),
    ];
    for (const res of answers) {
      await res.body?.cancel();
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    // A listed origin gets it on the same error answers.
    const ok = await fetch(server.functionsUrl("health"), { headers: { origin: APP } });
    expect(ok.status).toBe(401);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("client IP and user agent from a function", () => {
  it("records the trusted hop (the address the gateway saw), not the client-written entry", async () => {
    const token = await tokenFor(user);
    const res = await fetch(server.functionsUrl("generate-plan"), {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "user-agent": "TripMasterApp/3.0 (Android)",
        "x-forwarded-for": "6.6.6.6",
      },
      body: planBody("Lisbon"),
    });
    expect(res.status).toBe(202);
    const { job_id } = await res.json();
    let planId: string | null = null;
    for (let i = 0; i < 100 && !planId; i++) {
      const [job] = await sql<{ status: string; plan_id: string | null }[]>`
        select status::text, plan_id from public.plan_generation_jobs where id = ${job_id}`;
      if (job.status === "failed") throw new Error("generation failed");
      planId = job.plan_id;
      if (!planId) await new Promise((r) => setTimeout(r, 100));
    }
    const [row] = await sql<{ ip: string | null; user_agent: string | null }[]>`
      select host(ip) as ip, user_agent from public.activity_log
      where user_id = ${user.id} and action = 'plan.created' and entity_id = ${planId}`;
    expect(row).toEqual({ ip: "127.0.0.1", user_agent: "TripMasterApp/3.0 (Android)" });
  });
});

describe("text Postgres cannot store", () => {
  it.each([["a lone surrogate", "Lis\\ud800bon"], ["a NUL", "Lis\\u0000bon"]])(
    "generate-plan refuses %s in the body with 400 and starts nothing",
    async (_name, destination) => {
      const res = await fetch(server.functionsUrl("generate-plan"), {
        method: "POST",
        headers: { authorization: `Bearer ${await tokenFor(user)}`, "content-type": "application/json" },
        body: planBody(destination),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_json" } });
      const [n] = await sql<{ n: number }[]>`
        select count(*)::int as n from public.plan_generation_jobs where user_id = ${user.id}
          and request ->> 'destination' <> 'Lisbon'`;
      expect(n.n).toBe(0);
    },
  );

  it("plan-calendar refuses a NUL in the share token with 400", async () => {
    const res = await fetch(
      server.functionsUrl("plan-calendar/6f0b8f3e-9a51-4d8e-9a1e-0b1f4a3c2d10?token=ab%00cd"),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });
});
