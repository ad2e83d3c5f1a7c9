import type { Sql } from "../_shared/db.ts";

export interface DatabaseStatus {
  migrationsApplied: number;
  latestMigration: string | null;
}

/** Reads the Supabase CLI's migration history; a database without it has had no migrations applied. */
export function createDatabaseCheck(sql: Sql): () => Promise<DatabaseStatus> {
  return async () => {
    const [row] = await sql<{ history: boolean }[]>`
      select to_regclass('supabase_migrations.schema_migrations') is not null as history`;
    if (!row.history) return { migrationsApplied: 0, latestMigration: null };
    const [m] = await sql<{ applied: number; latest: string | null }[]>`
      select count(*)::int as applied, max(version) as latest from supabase_migrations.schema_migrations`;
    return { migrationsApplied: m.applied, latestMigration: m.latest };
  };
}
