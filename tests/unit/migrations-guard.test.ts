// Migrations must apply on hosted Supabase, where postgres does not own the platform's tables. Locally,
// postgres is a member of supabase_storage_admin (to emulate supautils' policy grants), which would let a
// migration ALTER storage tables that hosted refuses; this guard keeps such statements out. It also keeps
// migrations immutable in shape: lowercase file names with a 14-digit version, every table commented.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/env.ts";

const dir = path.join(ROOT, "supabase/migrations");
const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
const strip = (sql: string) => sql.replace(/--.*$/gm, "");

describe("migrations", () => {
  it("are named <14-digit version>_<snake_case>.sql", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
  });

  it.each(files)("%s does not alter, comment on or drop platform tables (auth, storage, cron)", (f) => {
    const sql = strip(readFileSync(path.join(dir, f), "utf8")).toLowerCase();
    expect(sql).not.toMatch(/alter\s+table\s+(if\s+exists\s+)?(only\s+)?"?(auth|storage|cron)"?\./);
    expect(sql).not.toMatch(/comment\s+on\s+(table|column)\s+"?(auth|storage|cron)"?\./);
    expect(sql).not.toMatch(/comment\s+on\s+policy\s+("[^"]*"|\w+)\s+on\s+"?(auth|storage|cron)"?\./);
    expect(sql).not.toMatch(/drop\s+table\s+(if\s+exists\s+)?"?(auth|storage|cron)"?\./);
    expect(sql).not.toMatch(/alter\s+policy\s+("[^"]*"|\w+)\s+on\s+"?(auth|storage|cron)"?\./);
  });

  // Every tunable lives in private.settings and is read through private.setting_int(), which raises when the
  // row is missing: a literal fallback beside it would be a second, silent home for the same value.
  it.each(files)("%s reads settings without literal fallbacks", (f) => {
    const sql = strip(readFileSync(path.join(dir, f), "utf8")).toLowerCase();
    expect(sql).not.toMatch(/coalesce\s*\(\s*private\.setting_int\s*\([^)]*\)\s*,/);
  });

  it.each(files)("%s comments every table it creates", (f) => {
    const sql = strip(readFileSync(path.join(dir, f), "utf8")).toLowerCase();
    const created = [...sql.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_]+\.[a-z_]+)/g)].map((
      m,
    ) => m[1]);
    for (const t of created) expect(sql, `${t} has no comment`).toContain(`comment on table ${t} is`);
  });
});
