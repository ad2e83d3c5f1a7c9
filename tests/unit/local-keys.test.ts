import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { mintAccessToken } from "../../local-stack/access-token.ts";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";

const secret = new TextEncoder().encode(LOCAL_JWT_SECRET);

describe("the local stack's keys", () => {
  it("are the Supabase CLI's demo keys: HS256 over {iss, role, exp} with the local secret", async () => {
    for (const [key, role] of [[LOCAL_ANON_KEY, "anon"], [LOCAL_SERVICE_ROLE_KEY, "service_role"]] as const) {
      const { payload } = await jwtVerify(key, secret);
      expect(payload).toEqual({ iss: "supabase-demo", role, exp: 1983812996 });
    }
  });
});

describe("mintAccessToken", () => {
  it("carries every claim GoTrue's minimum token schema requires", async () => {
    const token = await mintAccessToken({ id: "00000000-0000-4000-8000-000000000001", email: "a@b.test" }, {
      secret: LOCAL_JWT_SECRET,
      sessionId: "11111111-1111-4111-8111-111111111111",
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeJwt(token);
    for (
      const k of ["aud", "exp", "iat", "sub", "email", "phone", "role", "aal", "session_id", "is_anonymous"]
    ) {
      expect(claims, k).toHaveProperty(k);
    }
    expect(claims.session_id).toBe("11111111-1111-4111-8111-111111111111");
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });
});
