import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSql } from "../../edge-functions/_shared/db.ts";
import { createDatabaseCheck } from "../../edge-functions/health/database-check.ts";
import { createHealthHandler } from "../../edge-functions/health/handler.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { testSql } from "../support/db.ts";
import { ROOT } from "../support/env.ts";
import { freePort } from "../support/functions-server.ts";

const sql = testSql(1);
afterAll(() => sql.end());

const migrations = readdirSync(path.join(ROOT, "supabase/migrations")).filter((f) => f.endsWith(".sql"))
  .sort();

describe("health database check (real database)", () => {
  it("counts the migrations the CLI applied: one per file in supabase/migrations", async () => {
    const status = await createDatabaseCheck(sql)();
    expect(status.migrationsApplied).toBe(migrations.length);
    expect(status.latestMigration).toBe(migrations.at(-1)!.split("_")[0]);
  });

  it("makes the handler answer 503 when nothing listens on the database port", async () => {
    const deadDb = createSql(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/postgres`, {
      max: 1,
    });
    const handler = createHealthHandler({
      env: {},
      requiredSecrets: [],
      checkDatabase: createDatabaseCheck(deadDb),
      logger: createLogger({}, () => {}),
    });
    const res = await handler(new Request("http://x/health"));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "down" });
    await deadDb.end({ timeout: 0 });
  });
});
