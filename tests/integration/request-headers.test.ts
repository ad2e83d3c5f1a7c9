// Functions pass the request's user agent and X-Forwarded-For to SQL as `request.headers`, as PostgREST
// does: rows written as the user (the activity log) carry the client IP of the trusted hop and the user
// agent, whatever the client wrote further left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../../edge-functions/_shared/db.ts";
import { requestScopeFor, runInRequestScope } from "../../edge-functions/_shared/request-scope.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";

const sql = testSql(2);
let ada: TestUser;

beforeAll(async () => {
  ada = await createUser(sql);
});
afterAll(async () => {
  await sql`delete from auth.users where id = ${ada.id}`;
  await sql.end();
});

const request = (headers: Record<string, string>) => requestScopeFor(new Headers(headers), null);

describe("asUser inside a request", () => {
  it("sets request.headers (lowercased names) to the request's user agent and X-Forwarded-For only", async () => {
    const scope = request({
      "User-Agent": "TripMasterApp/2.1 (iOS)",
      "X-Forwarded-For": "6.6.6.6, 203.0.113.9",
      Authorization: "Bearer secret-token",
      Cookie: "sb=1",
    });
    const [row] = await runInRequestScope(
      scope,
      () =>
        asUser(
          sql,
          claimsFor(ada),
          (tx) =>
            tx<{ headers: unknown }[]>`select current_setting('request.headers', true)::jsonb as headers`,
        ),
    );
    expect(row.headers).toEqual({
      "user-agent": "TripMasterApp/2.1 (iOS)",
      "x-forwarded-for": "6.6.6.6, 203.0.113.9",
    });
  });

  it("writes activity rows with the trusted hop's IP and the user agent", async () => {
    const scope = request({
      "user-agent": "TripMasterApp/2.1 (iOS)",
      "x-forwarded-for": "6.6.6.6, 203.0.113.9",
    });
    const [plan] = await runInRequestScope(
      scope,
      () =>
        asUser(sql, claimsFor(ada), (tx) =>
          tx<{ id: string }[]>`
          insert into public.plans (title, destination, start_date, end_date)
          values ('Porto', 'Porto', '2030-05-01', '2030-05-03') returning id`),
    );
    const [log] = await sql<{ ip: string | null; user_agent: string | null }[]>`
      select host(ip) as ip, user_agent from public.activity_log
      where user_id = ${ada.id} and action = 'plan.created' and entity_id = ${plan.id}`;
    expect(log).toEqual({ ip: "203.0.113.9", user_agent: "TripMasterApp/2.1 (iOS)" });
  });

  it("leaves request.headers empty outside a request (jobs, tests), never a previous request's", async () => {
    const [row] = await asUser(
      sql,
      claimsFor(ada),
      (tx) => tx<{ headers: string }[]>`select current_setting('request.headers', true) as headers`,
    );
    expect(JSON.parse(row.headers)).toEqual({});
  });
});
