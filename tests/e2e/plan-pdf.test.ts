// End to end: plan-pdf served by real Deno (verify_jwt off, as in config.toml), with the calendar's
// access rules: owner, public, share token; everyone else gets the same 404 as for a missing plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { tokenFor } from "../support/tokens.ts";

const sql = testSql(2);
let server: FunctionsServer;
let owner: TestUser;
let other: TestUser;
const plans = {} as Record<"private" | "unlisted" | "public", string>;
let share: string;
let revoked: string;

async function insertPlan(visibility: keyof typeof plans): Promise<string> {
  const [p] = await sql<{ id: string }[]>`
    insert into public.plans (user_id, title, destination, start_date, end_date, visibility, currency, language, timezone)
    values (${owner.id}, ${`京都 ${visibility}`}, 'Kyoto', '2027-04-01', '2027-04-01', ${visibility}, 'JPY', 'ja', 'Asia/Tokyo')
    returning id`;
  const [d] = await sql<{ id: string }[]>`
    insert into public.plan_days (plan_id, day_number, date) values (${p.id}, 1, '2027-04-01') returning id`;
  await sql`insert into public.plan_items (plan_id, day_id, position, time_slot, start_time, title, estimated_cost, currency)
    values (${p.id}, ${d.id}, 0, 'morning', '09:00', '清水寺', 400, 'JPY')`;
  return p.id;
}

const get = (path: string, token?: string) =>
  fetch(`${server.functionsUrl("plan-pdf")}/${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function expectPdf(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  return bytes.toString("latin1");
}

beforeAll(async () => {
  server = await startFunctionsServer();
  owner = await createUser(sql);
  other = await createUser(sql);
  for (const v of ["private", "unlisted", "public"] as const) plans[v] = await insertPlan(v);
  [{ token: share }] = await sql<{ token: string }[]>`
    insert into public.plan_shares (plan_id) values (${plans.unlisted}) returning token`;
  [{ token: revoked }] = await sql<{ token: string }[]>`
    insert into public.plan_shares (plan_id) values (${plans.unlisted}) returning token`;
  await sql`update public.plan_shares set revoked_at = now() where token = ${revoked}`;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await sql`delete from auth.users where id in ${sql([owner.id, other.id])}`;
  await sql.end();
});

describe("plan-pdf", () => {
  it("gives the owner their private plan, with its share link printed", async () => {
    const text = await expectPdf(await get(plans.unlisted, await tokenFor(owner)));
    expect(text).toContain(`/URI (http://127.0.0.1:3000/plans/${plans.unlisted}?token=${share})`);
    await expectPdf(await get(`${plans.private}.pdf`, await tokenFor(owner)));
  });

  it("gives anyone a public plan, and an unlisted one through a valid share link", async () => {
    await expectPdf(await get(plans.public));
    await expectPdf(await get(`${plans.unlisted}?token=${share}`));
  });

  it("answers 404 to everyone else, 401 to a forged token, 400/405 to bad requests", async () => {
    expect((await get(plans.private, await tokenFor(other))).status).toBe(404);
    expect((await get(plans.private)).status).toBe(404);
    expect((await get(plans.unlisted)).status).toBe(404);
    expect((await get(`${plans.unlisted}?token=${revoked}`)).status).toBe(404);
    expect((await get(`${plans.private}?token=${share}`)).status).toBe(404);
    expect((await get(`${plans.unlisted}?token=${"x".repeat(44)}`)).status).toBe(404);
    const forged = await tokenFor(owner, { secret: "another-secret-another-secret-another-secret" });
    expect((await get(plans.private, forged)).status).toBe(401);
    expect((await get("not-a-uuid")).status).toBe(400);
    const post = await fetch(`${server.functionsUrl("plan-pdf")}/${plans.public}`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});
