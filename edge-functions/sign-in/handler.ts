// Password sign-in on every plan, with the lockout counters (migration 20261129001700_auth_hooks_sign_in_lockout.sql).
// 1. begin: the account and the source (a valid device token, else the client IP from the trusted hop),
//    refused at once with 429 + Retry-After when that pair (or every unknown source) is locked; otherwise a
//    one-time ticket the custom access token hook requires for a password sign-in.
// 2. Auth's password grant.
// 3. finish: a success clears the source's failures and returns the session with a device token; a wrong
//    password is counted (and may lock; the owner gets an email). Unknown addresses answer exactly like
//    wrong passwords, so the answer never tells whether an account exists.
import type { Sql } from "../_shared/db.ts";
import { HttpError, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction, readJson } from "../_shared/http.ts";
import { clientIp } from "../_shared/client-ip.ts";
import type { Logger } from "../_shared/log.ts";
import {
  beginSignIn,
  cancelSignIn,
  finishSignIn,
  retryAfterSeconds,
  type SignInAttempt,
} from "../_auth/lockout-store.ts";
import type { PasswordGrant } from "../_auth/password-grant.ts";
import { signInRequestSchema } from "../_contract/index.ts";

export interface SignInDeps {
  sql: Sql;
  passwordGrant: PasswordGrant;
  /** Proxies in front of the function whose X-Forwarded-For entries are trusted (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  logger?: Logger;
}

const invalidCredentials = () => new HttpError(400, "invalid_credentials", "Invalid login credentials");

function locked(until: string): HttpError {
  return new HttpError(
    429,
    "too_many_attempts",
    "Too many failed sign-in attempts. Try again later, from a device you signed in with before, or with the link we emailed to the account's address.",
    { headers: { "Retry-After": String(retryAfterSeconds(until)) } },
  );
}

export function createSignInHandler(deps: SignInDeps) {
  return createFunction("sign-in", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const body = await readJson(req, signInRequestSchema);
    const ip = clientIp(req.headers, deps.trustedProxyHops);
    const attempt: SignInAttempt = await beginSignIn(deps.sql, body.email, body.device_token ?? null, ip);
    if (attempt.locked_until) throw locked(attempt.locked_until);

    let result;
    try {
      result = await deps.passwordGrant(body.email, body.password);
    } catch (err) {
      await cancelSignIn(deps.sql, attempt);
      throw err;
    }

    switch (result.kind) {
      case "session": {
        const out = await finishSignIn(deps.sql, attempt, true);
        return jsonResponse({
          ...result.session,
          device_token: out.device_token ?? body.device_token ?? null,
        });
      }
      case "invalid_credentials": {
        const out = await finishSignIn(deps.sql, attempt, false);
        if (out.locked_until) throw locked(out.locked_until);
        throw invalidCredentials();
      }
      case "refused": {
        await cancelSignIn(deps.sql, attempt);
        log.warn("auth refused the password grant", { status: result.status, code: result.code });
        // Auth's own rate limit: the caller should slow down too.
        if (result.status === 429) {
          throw new HttpError(429, "too_many_requests", "Too many sign-in requests; try again shortly", {
            headers: { "Retry-After": "60" },
          });
        }
        // Only reached with the right password (unconfirmed address, a suspended or deleted account refused
        // by the token hook); a banned user, refused before the password, comes back as invalid_credentials.
        throw new HttpError(result.status === 403 ? 403 : 400, result.code, result.message);
      }
      case "unavailable": {
        await cancelSignIn(deps.sql, attempt);
        log.error("auth unavailable for the password grant", { status: result.status });
        throw new HttpError(503, "auth_unavailable", "Sign-in is unavailable right now; try again shortly", {
          headers: { "Retry-After": "5" },
        });
      }
    }
  }, { logger: deps.logger });
}
