// The outbox's SQL functions (migration 20261123001100_email_outbox.sql), typed. Functions connect as
// postgres, which may call them; no API role can.
import type { Sql, TxSql } from "../db.ts";

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
    select id, dedupe_key, template, to_email, user_id, data, status, attempts, max_attempts
    from private.claim_emails(${batchSize}, ${leaseSeconds}, ${onlyId ?? null})`;
}

/** Records accepted sends, several in one statement. */
export async function completeEmails(db: Db, sent: { id: string; messageId: string }[]): Promise<void> {
  if (sent.length === 0) return;
  await db`select private.complete_emails(${sent.map((s) => s.id)}::uuid[], ${
    sent.map((s) => s.messageId)
  }::text[])`;
}

export async function failEmail(
  db: Db,
  id: string,
  error: string,
  retryable: boolean,
  retryAfterSeconds?: number,
): Promise<OutboxRow["status"]> {
  const [row] = await db<{ status: OutboxRow["status"] }[]>`
    select private.fail_email(${id}, ${error}, ${retryable}, ${retryAfterSeconds ?? null}) as status`;
  return row.status;
}
