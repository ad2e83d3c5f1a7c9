// POST /purge-worker (service role only): runs the due purge jobs (Stripe customer and Storage deletions of
// purged accounts) within a time budget; what fails waits for its backoff and the next run (pg_cron through
// private.trigger_purge_worker on hosted, the local stack's interval).
import type { PurgeRunResult } from "../_contract/index.ts";
import { forbidden, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import { bearerToken, type JwtVerifier } from "../_shared/jwt.ts";
import type { Logger } from "../_shared/log.ts";
import { type PurgeJobDeps, runPurgeJobs } from "../_purge/jobs.ts";

export interface PurgeWorkerDeps extends Omit<PurgeJobDeps, "log"> {
  verify: JwtVerifier;
  logger?: Logger;
  budgetMs?: number;
}

export function createPurgeWorkerHandler(deps: PurgeWorkerDeps) {
  return createFunction("purge-worker", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const claims = await deps.verify(bearerToken(req));
    if (claims.role !== "service_role") {
      throw forbidden("The purge worker runs with the service role key only");
    }
    const result = await runPurgeJobs({ ...deps, log }, { deadline: Date.now() + (deps.budgetMs ?? 25_000) });
    log.info("purge jobs run", { ...result });
    return jsonResponse(result satisfies PurgeRunResult);
  }, { logger: deps.logger });
}
