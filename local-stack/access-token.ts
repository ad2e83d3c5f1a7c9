// Mints access tokens shaped like the ones Supabase Auth issues (same claims, HS256 with the local JWT
// secret). Used by the local stack to hand a developer a ready token, and by the tests.
import { SignJWT } from "jose";

export interface TokenUser {
  id: string;
  email?: string | null;
  phone?: string | null;
  is_anonymous?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

export interface MintOptions {
  secret: string;
  sessionId?: string;
  expiresInSeconds?: number;
  aal?: "aal1" | "aal2";
  issuer?: string;
  /** Claims added or overridden last (e.g. a custom access token hook's). */
  extraClaims?: Record<string, unknown>;
  /** Seconds since the epoch; tests use it to mint already-expired tokens. */
  issuedAt?: number;
}

export function mintAccessToken(user: TokenUser, options: MintOptions): Promise<string> {
  return signAccessToken(accessTokenClaims(user, options), options.secret);
}

/** The claims GoTrue puts in an access token for this user (before any custom access token hook). */
export function accessTokenClaims(
  user: TokenUser,
  options: Omit<MintOptions, "secret">,
): Record<string, unknown> {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return {
    iss: options.issuer ?? "http://127.0.0.1:54321/auth/v1",
    sub: user.id,
    aud: "authenticated",
    exp: iat + (options.expiresInSeconds ?? 3600),
    iat,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.app_metadata ?? { provider: "email", providers: ["email"] },
    user_metadata: user.user_metadata ?? {},
    role: "authenticated",
    aal: options.aal ?? "aal1",
    amr: [{ method: "password", timestamp: iat }],
    session_id: options.sessionId ?? crypto.randomUUID(),
    is_anonymous: user.is_anonymous ?? false,
    ...options.extraClaims,
  };
}

export function signAccessToken(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}
