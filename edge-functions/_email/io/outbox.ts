// The outbox's SQL functions (migration 20261129001500_email_outbox.sql), typed. Functions connect as
// postgres, which may call them; no API role can.
import type { Sql, TxSql } from "../../_shared/db.ts";

export interface OutboxRow {
  id: string;
  dedupe_key: string;
  template: string;
  to_email: string;
  user_id: string | null;
  data: Record<string, unknown>;
  status: "pending" | "sending" | "sent" | "dead";
  attempts: number;
  max_attempts: number;
  /** This claim's lease: the outcome is recorded only with it. */
  lease_id: string;
}

type Db = Sql | TxSql;

export async function enqueueEmail(
  db: Db,
  email: {
    template: string;
    to: string;
    data: Record<string, unknown>;
    dedupeKey: string;
    userId?: string | null;
  },
): Promise<string> {
  const [row] = await db<{ id: string }[]>`
    select private.enqueue_email(${email.template}, ${email.to}, ${
    db.json(email.data as never)
  }, ${email.dedupeKey},
      ${email.userId ?? null}) as id`;
  return row.id;
}

export async function claimEmails(
  db: Db,
  batchSize: number,
  leaseSeconds: number,
  onlyId?: string,
): Promise<OutboxRow[]> {
  return await db<OutboxRow[]>`
    select id, dedupe_key, template, to_email, user_id, data, status, attempts, max_attempts, lease_id
    from private.claim_emails(${batchSize}, ${leaseSeconds}, ${onlyId ?? null})`;
}

/** Records accepted sends, several in one statement. */
export async function completeEmails(
  db: Db,
  sent: { id: string; leaseId: string; messageId: string }[],
): Promise<void> {
  if (sent.length === 0) return;
  await db`select private.complete_emails(${sent.map((s) => s.id)}::uuid[], ${
    sent.map((s) => s.leaseId)
  }::uuid[], ${sent.map((s) => s.messageId)}::text[])`;
}

/** Records a failed attempt of a claimed row; null when the lease was lost (another worker has the row). */
export async function failEmail(
  db: Db,
  row: Pick<OutboxRow, "id" | "lease_id">,
  error: string,
  retryable: boolean,
  retryAfterSeconds?: number,
): Promise<OutboxRow["status"] | null> {
  const [result] = await db<{ status: OutboxRow["status"] | null }[]>`
    select private.fail_email(${row.id}, ${row.lease_id}, ${error}, ${retryable}, ${
    retryAfterSeconds ?? null
  }) as status`;
  return result.status;
}
