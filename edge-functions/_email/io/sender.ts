// Claims outbox rows, renders them, sends them, records the outcome. Used by the email-worker function
// (drain everything due) and by the send-email hook (send the row it just queued, at once).
import type { Sql } from "../../_shared/db.ts";
import type { Logger } from "../../_shared/log.ts";
import { renderEmail, TemplateError } from "../catalog.ts";
import { claimEmails, completeEmails, failEmail, type OutboxRow } from "./outbox.ts";
import { type EmailProvider, ProviderError } from "../providers/provider.ts";

export interface SenderDeps {
  sql: Sql;
  provider: EmailProvider;
  from: string;
  /** The app's URL, for links in domain emails (welcome, plan ready). */
  siteUrl: string;
  log: Logger;
  /** A row is leased to one worker this long; a crash lets another retry after it. */
  leaseSeconds?: number;
}

export interface DrainResult {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
}

/** Links domain templates need, built from the row's ids so they follow SITE_URL. */
function withLinks(row: OutboxRow, siteUrl: string): Record<string, unknown> {
  const site = siteUrl.replace(/\/+$/, "");
  const data: Record<string, unknown> = { ...row.data, appUrl: site };
  if (typeof row.data.planId === "string") data.planUrl = `${site}/plans/${row.data.planId}`;
  return data;
}

/** Sends one claimed row; returns the provider's id to record, or null when it failed (already recorded). */
async function sendRow(deps: SenderDeps, row: OutboxRow, result: DrainResult): Promise<string | null> {
  const log = deps.log.child({ email_id: row.id, template: row.template, attempt: row.attempts });
  let rendered;
  try {
    rendered = await renderEmail(row.template, withLinks(row, deps.siteUrl));
  } catch (err) {
    // A template that cannot render will not render next time either.
    const status = await failEmail(
      deps.sql,
      row,
      err instanceof TemplateError ? err.message : "render failed",
      false,
    );
    log.error("email render failed", { err, status });
    result.dead++;
    return null;
  }
  try {
    const { id } = await deps.provider.send({
      from: deps.from,
      to: row.to_email,
      ...rendered,
      idempotencyKey: `tripmaster-outbox-${row.id}`,
      tags: { template: row.template },
    });
    log.info("email sent", { provider: deps.provider.name, message_id: id });
    return id;
  } catch (err) {
    const pe = err instanceof ProviderError ? err : new ProviderError("unexpected send failure", true);
    if (!(err instanceof ProviderError)) log.error("unexpected error while sending", { err });
    const status = await failEmail(deps.sql, row, pe.message, pe.retryable, pe.retryAfterSeconds);
    if (status === "dead") result.dead++;
    else result.retrying++;
    log.warn("email send failed", { error: pe.message, retryable: pe.retryable, status });
    return null;
  }
}

/** Sends rows `concurrency` at a time and records each group's successes in one statement. If recording
 * fails (a crash, the database gone) the rows' leases run out and they are sent again with the same
 * idempotency key, which the provider answers without sending twice. */
async function sendRows(deps: SenderDeps, rows: OutboxRow[], result: DrainResult, concurrency: number) {
  for (let i = 0; i < rows.length; i += concurrency) {
    const group = rows.slice(i, i + concurrency);
    const ids = await Promise.all(group.map((row) => sendRow(deps, row, result)));
    const sent = group.flatMap((
      row,
      j,
    ) => (ids[j] ? [{ id: row.id, leaseId: row.lease_id, messageId: ids[j]! }] : []));
    await completeEmails(deps.sql, sent);
    result.sent += sent.length;
  }
}

/** Sends due emails until none is left, `maxRows` were handled, or `deadline` (ms since epoch) passes. */
export async function drainOutbox(
  deps: SenderDeps,
  options: { batchSize?: number; maxRows?: number; deadline?: number; concurrency?: number } = {},
): Promise<DrainResult> {
  const result: DrainResult = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
  const batchSize = options.batchSize ?? 25;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  while (result.claimed < (options.maxRows ?? Infinity) && Date.now() < (options.deadline ?? Infinity)) {
    const rows = await claimEmails(deps.sql, batchSize, deps.leaseSeconds ?? 60);
    if (rows.length === 0) break;
    result.claimed += rows.length;
    await sendRows(deps, rows, result, concurrency);
  }
  return result;
}

/** Sends one queued row now if it is due (the send-email hook's fast path); false if another has it. */
export async function sendNow(deps: SenderDeps, id: string): Promise<DrainResult> {
  const result: DrainResult = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
  const rows = await claimEmails(deps.sql, 1, deps.leaseSeconds ?? 60, id);
  result.claimed = rows.length;
  await sendRows(deps, rows, result, 1);
  return result;
}
