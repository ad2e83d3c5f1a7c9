// Whether a request carries the service role: the project's service role key itself (compared in constant
// time; also covers the opaque sb_secret_ keys), or an access token that verifies with role service_role.
// Anything else, including a token that does not verify, is simply not the service role.
import { bearerToken, type JwtVerifier } from "../_shared/jwt.ts";

async function sameSecret(a: string, b: string): Promise<boolean> {
  const digest = async (s: string) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)));
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

export function createServiceRoleCheck(
  options: { serviceRoleKey?: string; verify: JwtVerifier },
): (req: Request) => Promise<boolean> {
  return async (req) => {
    let token: string;
    try {
      token = bearerToken(req);
    } catch {
      return false;
    }
    if (options.serviceRoleKey && await sameSecret(token, options.serviceRoleKey)) return true;
    try {
      return (await options.verify(token)).role === "service_role";
    } catch {
      return false;
    }
  };
}
