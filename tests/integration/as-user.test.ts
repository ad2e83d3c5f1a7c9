import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, type Sql } from "../../edge-functions/_shared/db.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";

let sql: Sql;
let ada: TestUser;
let ben: TestUser;

beforeAll(async () => {
  sql = testSql();
  ada = await createUser(sql, { metadata: { display_name: "Ada" } });
  ben = await createUser(sql, { metadata: { display_name: "Ben" } });
});
afterAll(async () => {
  await sql`delete from auth.users where id in (${ada.id}, ${ben.id})`;
  await sql.end();
});

describe("asUser", () => {
  it("runs as role authenticated with the caller's claims, as PostgREST does", async () => {
    const claims = claimsFor(ada);
    const [row] = await asUser(sql, claims, (tx) =>
      tx<{ who: string; uid: string; session: string }[]>`
        select current_user as who, auth.uid() as uid, auth.jwt() ->> 'session_id' as session`);
    expect(row).toEqual({ who: "authenticated", uid: ada.id, session: claims.session_id });
  });

  it("lets RLS show the caller only their own rows", async () => {
    const rows = await asUser(
      sql,
      claimsFor(ada),
      (tx) => tx<{ id: string }[]>`select id from public.profiles`,
    );
    expect(rows.map((r) => r.id)).toEqual([ada.id]);
  });

  it("lets RLS stop a write to another user's row, silently as Postgres does", async () => {
    const updated = await asUser(
      sql,
      claimsFor(ada),
      (tx) => tx`update public.profiles set display_name = 'pwned' where id = ${ben.id}`,
    );
    expect(updated.count).toBe(0);
    const [p] = await sql<
      { display_name: string }[]
    >`select display_name from public.profiles where id = ${ben.id}`;
    expect(p.display_name).toBe("Ben");
  });

  it("enforces column grants: a user cannot touch a column outside the update grant", async () => {
    await expect(
      asUser(
        sql,
        claimsFor(ada),
        (tx) => tx`update public.profiles set created_at = now() where id = ${ada.id}`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("keeps role and claims inside the transaction", async () => {
    await asUser(sql, claimsFor(ada), (tx) => tx`select 1`);
    const [row] = await sql<
      { who: string; uid: string | null }[]
    >`select current_user as who, auth.uid() as uid`;
    expect(row).toEqual({ who: "postgres", uid: null });
  });

  it("rolls the whole transaction back when the work fails", async () => {
    await expect(asUser(sql, claimsFor(ada), async (tx) => {
      await tx`update public.profiles set display_name = 'half done' where id = ${ada.id}`;
      throw new Error("boom");
    })).rejects.toThrow("boom");
    const [p] = await sql<
      { display_name: string }[]
    >`select display_name from public.profiles where id = ${ada.id}`;
    expect(p.display_name).toBe("Ada");
  });

  it("refuses to run as service_role or any other role", async () => {
    await expect(asUser(sql, claimsFor(ada, { role: "service_role" }), (tx) => tx`select 1`)).rejects.toThrow(
      /refusing role/,
    );
    await expect(asUser(sql, claimsFor(ada, { role: "postgres" }), (tx) => tx`select 1`)).rejects.toThrow(
      /refusing role/,
    );
  });

  it("runs anon requests as role anon, which sees no profile", async () => {
    await expect(
      asUser(sql, { role: "anon", exp: 0 }, (tx) => tx`select * from public.profiles`),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
