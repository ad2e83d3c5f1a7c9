// Access-token verification with jose: the legacy HS256 project secret and asymmetric signing keys
// (ES256/RS256) from a JWKS, the two kinds of token Supabase Auth issues. Any failure is a 401.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  type JSONWebKeySet,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import { z } from "zod";
import { HttpError } from "./errors.ts";

/** The claims this backend relies on; GoTrue adds more, which pass through untouched. */
export const accessTokenClaimsSchema = z.looseObject({
  sub: z.string().optional(),
  role: z.string(),
  exp: z.number(),
  iat: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  aal: z.enum(["aal1", "aal2", "aal3"]).optional(),
  session_id: z.string().optional(),
  is_anonymous: z.boolean().optional(),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Claims of a signed-in (non-anonymous or anonymous) user: role authenticated with a uuid subject. */
export type UserClaims = AccessTokenClaims & { sub: string; role: "authenticated" };

export interface JwtVerifierOptions {
  /** Legacy HS256 JWT secret. */
  secret?: string;
  /** Asymmetric public keys (the project's JWKS as JSON). */
  jwks?: JSONWebKeySet;
  /** Where to fetch the JWKS when it is not given: `${SUPABASE_URL}/auth/v1/.well-known/jwks.json`. */
  jwksUrl?: URL;
}

export type JwtVerifier = (token: string) => Promise<AccessTokenClaims>;

/** The audience of every access token Supabase Auth issues to a user. */
export const ACCESS_TOKEN_AUDIENCE = "authenticated";

const invalid = (message = "Invalid JWT") => new HttpError(401, "invalid_jwt", message);

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const secretKey = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  let keySet: JWTVerifyGetKey | undefined;
  if (options.jwks) keySet = createLocalJWKSet(options.jwks);
  else if (options.jwksUrl) keySet = createRemoteJWKSet(options.jwksUrl, { cacheMaxAge: 600_000 });

  return async (token: string) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid("Malformed JWT");
    }
    try {
      let payload: unknown;
      if (alg === "HS256") {
        if (!secretKey) throw invalid("HS256 tokens are not accepted here");
        payload = (await jwtVerify(token, secretKey, { algorithms: ["HS256"] })).payload;
      } else if (alg === "ES256" || alg === "RS256") {
        if (!keySet) throw invalid("Asymmetric tokens are not accepted here");
        payload = (await jwtVerify(token, keySet, { algorithms: ["ES256", "RS256"] })).payload;
      } else {
        throw invalid("Unsupported JWT algorithm");
      }
      const claims = accessTokenClaimsSchema.safeParse(payload);
      if (!claims.success) throw invalid("JWT claims are incomplete");
      return claims.data;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw invalid("JWT expired");
      if (err instanceof joseErrors.JOSEError) throw invalid();
      throw err; // e.g. the JWKS endpoint is unreachable: a server problem, not the caller's
    }
  };
}

/** Builds the verifier from a function's env (JWT_SECRET, SUPABASE_JWKS, SUPABASE_URL: see _shared/secrets.ts). */
export function jwtVerifierFromEnv(
  env: { JWT_SECRET?: string; SUPABASE_JWKS?: string; SUPABASE_URL?: string },
) {
  let jwks: JSONWebKeySet | undefined;
  if (env.SUPABASE_JWKS) {
    const parsed = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).safeParse(
      JSON.parse(env.SUPABASE_JWKS),
    );
    if (!parsed.success) throw new Error("SUPABASE_JWKS is not a JWKS ({ keys: [...] })");
    jwks = parsed.data as unknown as JSONWebKeySet;
  }
  return createJwtVerifier({
    secret: env.JWT_SECRET,
    jwks,
    jwksUrl: !jwks && env.SUPABASE_URL
      ? new URL("/auth/v1/.well-known/jwks.json", env.SUPABASE_URL)
      : undefined,
  });
}

/** The bearer token of a request, or a 401. */
export function bearerToken(req: Request): string {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+([^\s]+)\s*$/i);
  if (!match) throw new HttpError(401, "unauthorized", "Missing bearer token");
  return match[1];
}

/** Verifies the request's token and insists on a signed-in user (not the anon or service key). */
export async function requireUser(req: Request, verify: JwtVerifier): Promise<UserClaims> {
  const claims = await verify(bearerToken(req));
  const uuid = z.uuid();
  if (claims.role !== "authenticated" || !uuid.safeParse(claims.sub).success) {
    throw new HttpError(401, "user_required", "This endpoint needs a signed-in user's access token");
  }
  // Supabase Auth's access tokens carry aud "authenticated" (GOTRUE_JWT_AUD). A token signed with the same
  // key for another audience (another service, a custom flow) is not a session of this project.
  const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(ACCESS_TOKEN_AUDIENCE)) throw invalid("The JWT is not an access token of this project");
  return claims as UserClaims;
}
