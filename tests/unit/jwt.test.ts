import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createJwtVerifier, requireUser } from "../../edge-functions/_shared/jwt.ts";
import { mintAccessToken } from "../../local-stack/access-token.ts";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET } from "../support/env.ts";

const user = { id: "6f1c2b36-8a52-4d0f-9f44-1b2a3c4d5e6f", email: "t@example.test" };
const hs = createJwtVerifier({ secret: LOCAL_JWT_SECRET });
const req = (token?: string) =>
  new Request("http://x", token ? { headers: { authorization: `Bearer ${token}` } } : undefined);

describe("HS256 (legacy secret)", () => {
  it("accepts a token Supabase Auth would issue and returns its claims", async () => {
    const token = await mintAccessToken(user, { secret: LOCAL_JWT_SECRET });
    const claims = await hs(token);
    expect(claims).toMatchObject({ sub: user.id, role: "authenticated", aal: "aal1", email: user.email });
  });

  it("refuses an expired token", async () => {
    const token = await mintAccessToken(user, {
      secret: LOCAL_JWT_SECRET,
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      expiresInSeconds: 3600,
    });
    await expect(hs(token)).rejects.toMatchObject({ status: 401, message: "JWT expired" });
  });

  it("refuses a token signed with another secret (forged)", async () => {
    const token = await mintAccessToken(user, { secret: "an-attacker-s-secret-that-is-long-enough-0000" });
    await expect(hs(token)).rejects.toMatchObject({ status: 401, code: "invalid_jwt" });
  });

  it("refuses an unsigned token (alg none)", async () => {
    const token = new UnsecuredJWT({ sub: user.id, role: "service_role" }).setExpirationTime("1h").encode();
    await expect(hs(token)).rejects.toMatchObject({ status: 401 });
  });

  it("refuses garbage and a tampered payload", async () => {
    await expect(hs("not-a-jwt")).rejects.toMatchObject({ status: 401, message: "Malformed JWT" });
    const token = await mintAccessToken(user, { secret: LOCAL_JWT_SECRET });
    const [h, , s] = token.split(".");
    const evil = Buffer.from(JSON.stringify({ sub: user.id, role: "service_role", exp: 9999999999 }))
      .toString(
        "base64url",
      );
    await expect(hs(`${h}.${evil}.${s}`)).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a validly signed token without the claims Supabase always sets", async () => {
    const token = await new SignJWT({ sub: user.id }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(
      "1h",
    )
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    await expect(hs(token)).rejects.toMatchObject({ status: 401, message: "JWT claims are incomplete" });
  });
});

describe("asymmetric keys (JWKS)", () => {
  let es: CryptoKeyPair;
  let other: CryptoKeyPair;
  let rs: CryptoKeyPair;
  let verify: ReturnType<typeof createJwtVerifier>;

  beforeAll(async () => {
    es = await generateKeyPair("ES256", { extractable: true });
    other = await generateKeyPair("ES256", { extractable: true });
    rs = await generateKeyPair("RS256", { extractable: true });
    const keys = [
      { ...(await exportJWK(es.publicKey)), kid: "es-1", alg: "ES256", use: "sig" },
      { ...(await exportJWK(rs.publicKey)), kid: "rs-1", alg: "RS256", use: "sig" },
    ];
    verify = createJwtVerifier({ jwks: { keys } });
  });

  const sign = (key: CryptoKey, alg: string, kid: string) =>
    new SignJWT({ sub: user.id, role: "authenticated", aal: "aal1" }).setProtectedHeader({ alg, kid })
      .setIssuedAt().setExpirationTime("1h").sign(key);

  it("accepts ES256 and RS256 tokens signed by a key in the set", async () => {
    await expect(verify(await sign(es.privateKey, "ES256", "es-1"))).resolves.toMatchObject({ sub: user.id });
    await expect(verify(await sign(rs.privateKey, "RS256", "rs-1"))).resolves.toMatchObject({ sub: user.id });
  });

  it("refuses a token signed by a key outside the set, even with a known kid", async () => {
    await expect(verify(await sign(other.privateKey, "ES256", "es-1"))).rejects.toMatchObject({
      status: 401,
    });
  });

  it("refuses HS256 when no secret is configured (no algorithm confusion)", async () => {
    const token = await mintAccessToken(user, { secret: LOCAL_JWT_SECRET });
    await expect(verify(token)).rejects.toMatchObject({ status: 401 });
  });
});

describe("requireUser", () => {
  it("returns a signed-in user's claims", async () => {
    const token = await mintAccessToken(user, { secret: LOCAL_JWT_SECRET });
    await expect(requireUser(req(token), hs)).resolves.toMatchObject({ sub: user.id });
  });

  it("refuses the anon key (valid JWT, but no user)", async () => {
    await expect(requireUser(req(LOCAL_ANON_KEY), hs)).rejects.toMatchObject({
      status: 401,
      code: "user_required",
    });
  });

  it("refuses a correctly signed user token for another audience, or with none (not an access token)", async () => {
    const key = new TextEncoder().encode(LOCAL_JWT_SECRET);
    const sign = (aud?: string | string[]) => {
      const jwt = new SignJWT({ sub: user.id, role: "authenticated" }).setProtectedHeader({ alg: "HS256" })
        .setIssuedAt().setExpirationTime("1h");
      return (aud === undefined ? jwt : jwt.setAudience(aud)).sign(key);
    };
    for (const token of [await sign("some-other-service"), await sign(["x", "y"]), await sign()]) {
      await expect(requireUser(req(token), hs)).rejects.toMatchObject({ status: 401, code: "invalid_jwt" });
    }
    // GoTrue's own audience, alone or in a list, is accepted.
    await expect(requireUser(req(await sign(["authenticated", "x"])), hs)).resolves.toMatchObject({
      sub: user.id,
    });
  });

  it("refuses a request without a bearer token", async () => {
    await expect(requireUser(req(), hs)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    const basic = new Request("http://x", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    await expect(requireUser(basic, hs)).rejects.toMatchObject({ status: 401 });
  });
});
