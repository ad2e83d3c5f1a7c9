// Redeems the unlock link of an "account locked" email (POST {token}): valid once and before it expires,
// it clears every sign-in lock and failure count of the account (logged as account.unlocked). The app's
// /account/unlock page reads the token from the link's fragment and posts it here. An unknown, used or
// expired token gets the same 400.
import type { Sql } from "../_shared/db.ts";
import { HttpError, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction, readJson } from "../_shared/http.ts";
import type { Logger } from "../_shared/log.ts";
import { redeemUnlockToken } from "../_auth/lockout-store.ts";
import { unlockRequestSchema, type UnlockResult } from "../_contract/index.ts";

export interface AccountUnlockDeps {
  sql: Sql;
  logger?: Logger;
}

export function createAccountUnlockHandler(deps: AccountUnlockDeps) {
  return createFunction("account-unlock", async (req) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const body = await readJson(req, unlockRequestSchema);
    const userId = await redeemUnlockToken(deps.sql, body.token);
    if (!userId) {
      throw new HttpError(
        400,
        "invalid_token",
        "This unlock link is not valid: it was used already or has expired",
      );
    }
    return jsonResponse({ unlocked: true } satisfies UnlockResult);
  }, { logger: deps.logger });
}
