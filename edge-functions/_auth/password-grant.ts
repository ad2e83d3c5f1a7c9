// Supabase Auth's password grant (POST /auth/v1/token?grant_type=password with the anon key), as GoTrue
// answers it: 200 with a session, 400 invalid_credentials for a wrong password (or a rejection of the
// password hook; user_banned, which Auth answers before checking the password, is treated the same),
// other 4xx for refusals (unconfirmed address, a token hook error, Auth's own rate limit) and 5xx when
// Auth is down. Plain fetch: one call, no client state to keep in a server function.
import { z } from "zod";

/** The session GoTrue returns; kept as-is (extra fields pass through) for supabase.auth.setSession(). */
export const authSession = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  expires_at: z.number().optional(),
  refresh_token: z.string().min(1),
  user: z.looseObject({ id: z.string() }),
});
export type AuthSession = z.infer<typeof authSession>;

const authError = z.looseObject({
  error_code: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
  error: z.string().optional(),
  msg: z.string().optional(),
  message: z.string().optional(),
  error_description: z.string().optional(),
});

export type PasswordGrantResult =
  | { kind: "session"; session: AuthSession }
  | { kind: "invalid_credentials" }
  | { kind: "refused"; status: number; code: string; message: string }
  | { kind: "unavailable"; status: number };

export interface PasswordGrant {
  (email: string, password: string): Promise<PasswordGrantResult>;
}

export function createPasswordGrant(options: {
  supabaseUrl: string;
  anonKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): PasswordGrant {
  const doFetch = options.fetch ?? fetch;
  const url = new URL("auth/v1/token?grant_type=password", options.supabaseUrl.replace(/\/*$/, "/"));
  return async (email, password) => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "POST",
        headers: {
          apikey: options.anonKey,
          authorization: `Bearer ${options.anonKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch {
      return { kind: "unavailable", status: 0 };
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const session = authSession.safeParse(body);
      return session.success
        ? { kind: "session", session: session.data }
        : { kind: "unavailable", status: 502 };
    }
    // 401/404 and the like mean our configuration (anon key, SUPABASE_URL) is wrong, 5xx that Auth is down.
    if (![400, 403, 422, 429].includes(res.status)) return { kind: "unavailable", status: res.status };
    const err = authError.safeParse(body);
    const code = (err.success && (err.data.error_code ?? err.data.error ??
      (typeof err.data.code === "string" ? err.data.code : undefined))) || `http_${res.status}`;
    // Auth answers user_banned BEFORE it checks the password (token.go): passed on, it would tell anyone
    // that the address has an account, and, not being counted, allow unlimited probing. It is answered and
    // counted like a wrong password.
    if (
      res.status === 400 &&
      (code === "invalid_credentials" || code === "invalid_grant" || code === "user_banned")
    ) {
      return { kind: "invalid_credentials" };
    }
    const message = (err.success && (err.data.msg ?? err.data.message ?? err.data.error_description)) ||
      "Sign-in was refused";
    return { kind: "refused", status: res.status, code, message };
  };
}
