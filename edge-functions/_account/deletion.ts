// Cancelling a pending account deletion (migration 20261129002100_account_deletion_cancel.sql). The token
// comes from the "deletion scheduled" email; Postgres checks it (hash, single use, expiry) and restores
// the account in one transaction. Functions connect as postgres, the only role that may call it.
import { z } from "zod";
import type { Sql } from "../_shared/db.ts";

export { CANCEL_TOKEN } from "../_contract/account.ts";

const outcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("restored"), user_id: z.string(), restored_plans: z.number() }),
  z.object({ outcome: z.enum(["invalid", "used", "expired", "not_pending"]) }),
]);
export type CancelOutcome = z.infer<typeof outcomeSchema>;

export async function cancelAccountDeletion(sql: Sql, token: string): Promise<CancelOutcome> {
  const [row] = await sql<{ result: unknown }[]>`select private.cancel_account_deletion(${token}) as result`;
  return outcomeSchema.parse(row.result);
}
