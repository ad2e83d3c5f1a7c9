// The data export is complete by construction: every table and view of the project's schemas that
// references a user (a foreign key to auth.users, directly or through other tables, or a user-id column
// without one) must be in EXPORT_COVERAGE, as a file of the export or excluded with a reason. A table added
// later (bookings, ledger, subscriptions...) fails this test until the export covers it.
import { afterAll, describe, expect, it } from "vitest";
import { EXPORT_COVERAGE, EXPORT_FILES } from "../../edge-functions/_export/coverage.ts";
import type { Sql, TxSql } from "../../edge-functions/_shared/db.ts";
import { testSql } from "../support/db.ts";

const sql = testSql(1);
afterAll(async () => {
  await sql.end();
});

/** Relations that reference a user, from the catalog. */
async function userRelations(db: Sql | TxSql): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    with recursive project_schemas as (
      select n.oid from pg_namespace n
      where pg_get_userbyid(n.nspowner) = 'postgres' and n.nspname not in ('supabase_migrations', 'tests')
    ),
    refs(oid) as (
      select 'auth.users'::regclass::oid
      union
      select con.conrelid from pg_constraint con join refs r on con.confrelid = r.oid where con.contype = 'f'
    ),
    named as (
      -- a user id kept without a foreign key still points at a person
      select a.attrelid as oid from pg_attribute a
      where a.attnum > 0 and not a.attisdropped and a.atttypid = 'uuid'::regtype
        and a.attname in ('user_id', 'owner_id', 'profile_id', 'customer_id', 'created_by', 'actor_id')
    ),
    tables as (
      select c.oid from pg_class c
      where c.relnamespace in (select oid from project_schemas) and c.relkind in ('r', 'p')
        and (c.oid in (select oid from refs) or c.oid in (select oid from named))
    ),
    views as (
      select distinct v.oid from pg_class v
      join pg_rewrite rw on rw.ev_class = v.oid
      join pg_depend dep on dep.objid = rw.oid and dep.classid = 'pg_rewrite'::regclass
      where v.relnamespace in (select oid from project_schemas) and v.relkind in ('v', 'm')
        and (dep.refobjid in (select oid from tables) or dep.refobjid = 'auth.users'::regclass
          or v.oid in (select oid from named))
    )
    select format('%s.%s', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.oid in (select oid from tables union select oid from views)
    order by 1`;
  return rows.map((r) => r.name);
}

describe("data export completeness", () => {
  it("covers every table and view that references a user, and nothing that does not exist", async () => {
    const inCatalog = await userRelations(sql);
    expect(inCatalog.length).toBeGreaterThan(15);
    const covered = Object.keys(EXPORT_COVERAGE);
    expect(inCatalog.filter((t) => !covered.includes(t)), "tables missing from the export").toEqual([]);
    expect(covered.filter((t) => !inCatalog.includes(t)), "coverage entries for no table").toEqual([]);
  });

  it("names a file of the export, or a reason, for each", () => {
    for (const [table, how] of Object.entries(EXPORT_COVERAGE)) {
      if ("file" in how) expect(EXPORT_FILES, table).toContain(how.file);
      else expect(how.excluded.length, table).toBeGreaterThan(20);
    }
  });

  it("fails for a new table with a user reference, and for a view over one", async () => {
    const missing = await sql.begin(async (tx) => {
      await tx`create table public.zz_tickets (id uuid primary key, user_id uuid references auth.users (id))`;
      await tx`create table public.zz_ticket_notes (id uuid primary key, ticket_id uuid references public.zz_tickets (id))`;
      await tx`create table public.zz_ledger (id uuid primary key, customer_id uuid)`;
      await tx`create view public.my_plan_titles as select p.title from public.plans p`;
      const found = await userRelations(tx);
      await tx`rollback and chain`; // nothing of this stays
      return found.filter((t) => !(t in EXPORT_COVERAGE));
    });
    expect(missing).toEqual([
      "public.my_plan_titles",
      "public.zz_ledger",
      "public.zz_ticket_notes",
      "public.zz_tickets",
    ]);
  });
});
