// POST /email-worker (service role only): sends every due outbox email, within a time budget well under
// the Edge Function wall-clock limit; what is left waits for the next run (pg_cron, or the local stack's
// interval).
import type { DrainResult } from "../_contract/index.ts";
import { forbidden, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import { bearerToken, type JwtVerifier } from "../_shared/jwt.ts";
import type { Logger } from "../_shared/log.ts";
import { drainOutbox, type SenderDeps } from "../_email/io/sender.ts";

export interface EmailWorkerDeps extends Omit<SenderDeps, "log"> {
  verify: JwtVerifier;
  logger?: Logger;
  budgetMs?: number;
}

export function createEmailWorkerHandler(deps: EmailWorkerDeps) {
  return createFunction("email-worker", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const claims = await deps.verify(bearerToken(req));
    if (claims.role !== "service_role") {
      throw forbidden("The email worker runs with the service role key only");
    }
    const result = await drainOutbox({ ...deps, log }, { deadline: Date.now() + (deps.budgetMs ?? 25_000) });
    // An empty drain is not news: a scheduler calling every few seconds must not fill the log.
    if (result.claimed > 0) log.info("outbox drained", { ...result });
    return jsonResponse(result satisfies DrainResult);
  }, { logger: deps.logger });
}
