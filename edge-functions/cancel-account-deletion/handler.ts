// POST /cancel-account-deletion { "token": "<from the email>" }: keeps an account whose deletion is
// pending. verify_jwt is off: the account has no session any more (the deletion ended them all and the
// token hook refuses new ones), so the emailed single-use token is the only credential. The link in the
// email opens the app, which posts the token here: a GET never changes anything, so mail scanners that
// follow links cannot use the token up.
import { cancelAccountDeletion } from "../_account/deletion.ts";
import { cancelDeletionRequestSchema, type CancelDeletionResult } from "../_contract/index.ts";
import type { Sql } from "../_shared/db.ts";
import { HttpError, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction, readJson } from "../_shared/http.ts";
import type { Logger } from "../_shared/log.ts";

export interface CancelAccountDeletionDeps {
  sql: Sql;
  logger?: Logger;
}

export function createCancelAccountDeletionHandler(deps: CancelAccountDeletionDeps) {
  return createFunction("cancel-account-deletion", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const { token } = await readJson(req, cancelDeletionRequestSchema);
    const result = await cancelAccountDeletion(deps.sql, token);
    log.info("account deletion cancel", {
      outcome: result.outcome,
      user_id: result.outcome === "restored" ? result.user_id : undefined,
    });
    switch (result.outcome) {
      case "restored":
        return jsonResponse(
          { status: "restored", restored_plans: result.restored_plans } satisfies CancelDeletionResult,
        );
      case "invalid":
        throw new HttpError(404, "invalid_token", "This link is not valid");
      case "used":
        throw new HttpError(410, "token_used", "This link has already been used");
      case "expired":
        throw new HttpError(
          410,
          "token_expired",
          "This link has expired: the account can no longer be restored",
        );
      case "not_pending":
        throw new HttpError(409, "not_pending", "This account is not being deleted");
    }
  }, { logger: deps.logger });
}
