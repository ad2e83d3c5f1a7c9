// GET /health: 200 { status: "up" } when the database answers, 503 { status: "down" } when it does not.
// Only with the service role: how many migrations are applied, which required secrets are missing (names
// only), the database's reachability; an anonymous caller learns nothing about the deployment.
import type { HealthReport, HealthStatus } from "../_contract/index.ts";
import { jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import type { Logger } from "../_shared/log.ts";
import { missingSecrets } from "../_shared/secrets.ts";
import type { DatabaseStatus } from "./database-check.ts";

export interface HealthDeps {
  checkDatabase: () => Promise<DatabaseStatus>;
  env: Record<string, string | undefined>;
  /** Whether the request carries the service role (see service-role.ts); only then are details shown. */
  isServiceRole?: (req: Request) => Promise<boolean>;
  requiredSecrets?: readonly string[];
  /** A database that does not answer within this time counts as down. */
  timeoutMs?: number;
  logger?: Logger;
  now?: () => Date;
}

/** What anyone may see, and what the service role sees (the contract's shapes). */
export type PublicHealthBody = HealthStatus;
export type HealthBody = HealthReport;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createHealthHandler(deps: HealthDeps) {
  const timeoutMs = deps.timeoutMs ?? 3_000;
  const now = deps.now ?? (() => new Date());
  return createFunction("health", async (req, { log }) => {
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(["GET", "HEAD"]);
    const missing = missingSecrets(deps.env, deps.requiredSecrets);
    let database: HealthBody["database"];
    try {
      const db = await withTimeout(deps.checkDatabase(), timeoutMs);
      database = {
        reachable: true,
        migrations_applied: db.migrationsApplied,
        latest_migration: db.latestMigration,
      };
    } catch (err) {
      log.error("database check failed", { err });
      database = { reachable: false, migrations_applied: null, latest_migration: null };
    }
    const status: HealthBody["status"] = !database.reachable
      ? "unavailable"
      : missing.length
      ? "degraded"
      : "ok";
    const details = await (deps.isServiceRole ?? (async () => false))(req);
    const body: HealthBody | PublicHealthBody = details
      ? { status, time: now().toISOString(), database, secrets: { missing } }
      : { status: database.reachable ? "up" : "down" };
    return jsonResponse(body, {
      status: database.reachable ? 200 : 503,
      headers: { "Cache-Control": "no-store" },
    });
  }, { logger: deps.logger });
}
