// The lockout's SQL steps (migration 20261129001700_auth_hooks_sign_in_lockout.sql), typed. The functions connect as
// postgres, which may call them; no API role can.
import type { Sql } from "../_shared/db.ts";

export interface SignInAttempt {
  account_key: string;
  user_id: string | null;
  source: string;
  locked_until: string | null;
  /** The attempt, counted as a failure while in flight (bigint, as text). */
  attempt_id: string | number | null;
  ticket_id: string | null;
  /** A valid device token of this account was presented (the attempt is in the device's bucket). */
  device: boolean;
}

export async function beginSignIn(
  sql: Sql,
  email: string,
  deviceToken: string | null,
  ip: string | null,
): Promise<SignInAttempt> {
  const [row] = await sql<{ attempt: SignInAttempt }[]>`
    select private.begin_sign_in(${email}, ${deviceToken}, ${ip}) as attempt`;
  return row.attempt;
}

/** Records the outcome of Auth's answer; returns the new device token (success) or the lock end (failure). */
export async function finishSignIn(
  sql: Sql,
  attempt: SignInAttempt,
  succeeded: boolean,
): Promise<{ device_token?: string | null; locked_until?: string | null }> {
  const [row] = await sql<{ out: { device_token?: string | null; locked_until?: string | null } }[]>`
    select private.finish_sign_in(${attempt.account_key}, ${attempt.user_id}, ${attempt.source},
      ${attempt.attempt_id}, ${attempt.ticket_id}, ${succeeded}, ${!attempt.device}) as out`;
  return row.out;
}

/** Auth answered neither a session nor a wrong password: the attempt counts for nothing. */
export async function cancelSignIn(sql: Sql, attempt: SignInAttempt): Promise<void> {
  await sql`select private.cancel_sign_in(${attempt.attempt_id}, ${attempt.ticket_id})`;
}

/** The user id the unlock token belonged to, or null (unknown, used or expired). */
export async function redeemUnlockToken(sql: Sql, token: string): Promise<string | null> {
  const [row] = await sql<
    { user_id: string | null }[]
  >`select private.redeem_unlock_token(${token}) as user_id`;
  return row.user_id;
}

/** Seconds until `until`, at least 1: the Retry-After of a 429. */
export function retryAfterSeconds(until: string, now = Date.now()): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now) / 1000));
}
