// Runs the purge jobs the account purge queued in its own transaction (private.purge_jobs): delete the
// user's customer at the payment provider, delete their Storage objects through the Storage API. Each job
// is leased (one worker at a time), finished with the lease it was claimed with, retried with backoff by
// the database until the provider confirms, and never run again once done. Deleting an already-deleted
// customer or object counts as confirmed, so an attempt whose answer was lost is harmless.
import type { Sql } from "../_shared/db.ts";
import type { Logger } from "../_shared/log.ts";
import type { PaymentProvider } from "../_payments/provider.ts";
import type { StorageDeleter } from "./storage.ts";

export interface PurgeJobDeps {
  sql: Sql;
  /** The payment providers by name (jobs record which one holds the customer). */
  providers: Record<string, PaymentProvider>;
  storage: StorageDeleter;
  log: Logger;
  leaseSeconds?: number;
}

interface JobRow {
  id: string;
  kind: "delete_billing_customer" | "delete_storage_objects";
  payload: { provider?: string; customer?: string; bucket?: string; names?: string[] };
  attempts: number;
  lease_id: string;
}

export interface PurgeRunResult {
  claimed: number;
  done: number;
  retrying: number;
  dead: number;
}

async function runOne(deps: PurgeJobDeps, job: JobRow): Promise<void> {
  if (job.kind === "delete_billing_customer") {
    const provider = deps.providers[job.payload.provider ?? ""];
    if (!provider) throw new Error(`no payment provider ${job.payload.provider}`);
    await provider.deleteCustomer({ customerId: String(job.payload.customer) });
    return;
  }
  await deps.storage.remove(String(job.payload.bucket), job.payload.names ?? []);
}

export async function runPurgeJobs(deps: PurgeJobDeps, options: { deadline: number; batchSize?: number }) {
  const result: PurgeRunResult = { claimed: 0, done: 0, retrying: 0, dead: 0 };
  while (Date.now() < options.deadline) {
    const jobs = await deps.sql<JobRow[]>`
      select id::text, kind, payload, attempts, lease_id::text
      from private.claim_purge_jobs(${options.batchSize ?? 10}, ${deps.leaseSeconds ?? 60})`;
    if (jobs.length === 0) break;
    result.claimed += jobs.length;
    for (const job of jobs) {
      const log = deps.log.child({ purge_job: job.id, kind: job.kind, attempt: job.attempts });
      let error: string | null = null;
      try {
        await runOne(deps, job);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        log.warn("purge job attempt failed", { err });
      }
      const [{ outcome }] = await deps.sql<{ outcome: string }[]>`
        select private.finish_purge_job(${job.id}, ${job.lease_id}, ${error === null}, ${error}) as outcome`;
      if (outcome === "done") result.done++;
      else if (outcome === "retry") result.retrying++;
      else if (outcome === "dead") {
        result.dead++;
        log.error("purge job is dead after its last attempt", { error });
      }
    }
  }
  return result;
}
