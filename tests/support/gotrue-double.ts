// A double of Supabase Auth (GoTrue) for the password and refresh grants, served on 127.0.0.1, that does
// what GoTrue does against the test database (internal/api/token.go):
// - password grant: finds the user by address, refuses a banned one (user_banned, before the password),
//   checks the password with pgcrypto crypt() (bcrypt, as GoTrue), calls the password verification hook when enabled (Team/Enterprise: `passwordHook`) in its own
//   transaction, then, in ONE open transaction as supabase_auth_admin that has locked the auth.users row,
//   creates the session and refresh token and calls the custom access token hook
//   (authentication_method "password"); a hook error rolls everything back and becomes the HTTP error.
// - refresh grant: same transaction shape with authentication_method "token_refresh".
// - GET /user: the user of a valid access token (what supabase.auth.setSession() asks).
// Errors have GoTrue's shape {code, error_code, msg}; sessions its {access_token, token_type, expires_in,
// expires_at, refresh_token, user}.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { jwtVerify, SignJWT } from "jose";
import postgres from "postgres";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, TEST_DB_PORT, TEST_DB_URL } from "./env.ts";

export interface GoTrueDouble {
  url: string;
  /** Password grants received (to assert that a locked attempt never reached Auth). */
  passwordGrants: () => number;
  /** Team/Enterprise: the password verification hook is enabled. */
  setPasswordHook: (enabled: boolean) => void;
  stop: () => Promise<void>;
}

const ERR = (status: number, error_code: string, msg: string) => ({
  status,
  body: { code: status, error_code, msg },
});

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function startGoTrueDouble(options: { passwordHook?: boolean } = {}): Promise<GoTrueDouble> {
  const db = postgres(`postgresql://supabase_auth_admin:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`, {
    prepare: false,
    max: 4,
    onnotice: () => {},
  });
  const bcrypt = postgres(TEST_DB_URL, { prepare: false, max: 2, onnotice: () => {} });
  const secret = new TextEncoder().encode(LOCAL_JWT_SECRET);
  let passwordGrants = 0;
  let passwordHook = options.passwordHook ?? false;

  const hook = async (tx: postgres.TransactionSql, fn: string, payload: unknown) => {
    await tx.unsafe("set local statement_timeout TO '2000'");
    const [row] = await tx.unsafe(`select ${fn}($1::jsonb) as out`, [payload as never]);
    return row.out as Record<string, unknown>;
  };
  const metadata = (name: string, ip: string) => ({
    uuid: randomUUID(),
    time: new Date().toISOString(),
    name,
    ip_address: ip,
  });

  /** Inside the caller's transaction: claims through the token hook, then the session JSON. */
  async function issue(
    tx: postgres.TransactionSql,
    user: Record<string, unknown>,
    sessionId: string,
    method: string,
    ip: string,
    refreshToken: string,
  ) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: "authenticated",
      exp: now + 3600,
      iat: now,
      iss: "http://127.0.0.1/auth/v1",
      sub: user.id,
      email: user.email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      amr: [{ method, timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
    };
    const out = await hook(tx, "hooks.custom_access_token", {
      metadata: metadata("custom_access_token", ip),
      user_id: user.id,
      claims,
      authentication_method: method,
    });
    const error = out.error as { http_code?: number; message?: string } | undefined;
    if (error?.message) throw Object.assign(new Error(error.message), { httpCode: error.http_code ?? 500 });
    const access = await new SignJWT(out.claims as Record<string, unknown>).setProtectedHeader({
      alg: "HS256",
      typ: "JWT",
    })
      .sign(secret);
    return {
      access_token: access,
      token_type: "bearer",
      expires_in: 3600,
      expires_at: now + 3600,
      refresh_token: refreshToken,
      user: {
        id: user.id,
        aud: "authenticated",
        role: "authenticated",
        email: user.email,
        app_metadata: user.raw_app_meta_data ?? {},
        user_metadata: user.raw_user_meta_data ?? {},
      },
    };
  }

  async function passwordGrant(body: Record<string, unknown>, ip: string) {
    passwordGrants++;
    const email = String(body.email ?? "").trim().toLowerCase();
    const password = String(body.password ?? "");
    const [user] = await db`select id, email, raw_app_meta_data, raw_user_meta_data, encrypted_password,
        coalesce(banned_until > now(), false) as banned
      from auth.users where email = ${email} and not is_sso_user`;
    if (!user) return ERR(400, "invalid_credentials", "Invalid login credentials");
    // As GoTrue: a banned user is refused BEFORE the password is checked, whatever the password.
    if (user.banned) return ERR(400, "user_banned", "User is banned");
    // GoTrue compares bcrypt hashes in Go; here pgcrypto's crypt() does it (on a connection that may use
    // the extensions schema, which supabase_auth_admin may not).
    const [check] =
      await bcrypt`select extensions.crypt(${password}, ${user.encrypted_password}) = ${user.encrypted_password} as valid`;
    const valid = check.valid === true;
    if (passwordHook) {
      const out = await db.begin((tx) =>
        hook(tx, "hooks.password_verification_attempt", {
          metadata: metadata("password_verification_attempt", ip),
          user_id: user.id,
          valid,
        })
      );
      if (out.decision === "reject") {
        if (out.should_logout_user) await db`delete from auth.sessions where user_id = ${user.id}`;
        return ERR(
          400,
          "invalid_credentials",
          String(out.message || "Further password verification attempts will be rejected."),
        );
      }
    }
    if (!valid) return ERR(400, "invalid_credentials", "Invalid login credentials");
    try {
      const session = await db.begin(async (tx) => {
        await tx`select id from auth.users where id = ${user.id} for update`;
        const sessionId = randomUUID();
        const refreshToken = randomBytes(12).toString("hex");
        await tx`insert into auth.sessions (id, user_id, created_at, updated_at, aal, ip)
          values (${sessionId}, ${user.id}, now(), now(), 'aal1', ${ip})`;
        await tx`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id)
          values (${refreshToken}, ${user.id}, false, now(), now(), ${sessionId})`;
        await tx`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
        return await issue(tx, user, sessionId, "password", ip, refreshToken);
      });
      return { status: 200, body: session };
    } catch (err) {
      const code = (err as { httpCode?: number }).httpCode;
      if (code) return ERR(code, "unexpected_failure", (err as Error).message);
      throw err;
    }
  }

  async function refreshGrant(body: Record<string, unknown>, ip: string) {
    try {
      const session = await db.begin(async (tx) => {
        const [rt] = await tx`select r.session_id, r.user_id from auth.refresh_tokens r
          join auth.sessions s on s.id = r.session_id
          where r.token = ${String(body.refresh_token ?? "")} and not r.revoked for update of r`;
        if (!rt) return null;
        const [user] = await tx`select id, email, raw_app_meta_data, raw_user_meta_data from auth.users
          where id = ${rt.user_id}::uuid for update`;
        const next = randomBytes(12).toString("hex");
        await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where token = ${
          String(body.refresh_token)
        }`;
        await tx`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
          values (${next}, ${user.id}, false, now(), now(), ${String(body.refresh_token)}, ${rt.session_id})`;
        return await issue(tx, user, rt.session_id, "token_refresh", ip, next);
      });
      return session
        ? { status: 200, body: session }
        : ERR(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    } catch (err) {
      const code = (err as { httpCode?: number }).httpCode;
      if (code) return ERR(code, "unexpected_failure", (err as Error).message);
      throw err;
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    try {
      if (req.headers.apikey !== LOCAL_ANON_KEY) return send(401, { message: "Invalid API key" });
      if (req.method === "GET" && url.pathname === "/auth/v1/user") {
        // supabase.auth.setSession() checks the access token here.
        const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
        try {
          const { payload } = await jwtVerify(token, secret);
          const [u] = await db`select id, email, raw_app_meta_data, raw_user_meta_data from auth.users
            where id = ${String(payload.sub)}::uuid`;
          return send(200, {
            id: u.id,
            aud: "authenticated",
            role: "authenticated",
            email: u.email,
            app_metadata: u.raw_app_meta_data ?? {},
            user_metadata: u.raw_user_meta_data ?? {},
          });
        } catch {
          return send(401, { code: 401, error_code: "bad_jwt", msg: "invalid JWT" });
        }
      }
      if (req.method !== "POST" || url.pathname !== "/auth/v1/token") {
        return send(404, { message: "not found" });
      }
      const body = await readBody(req);
      const ip = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "";
      const grant = url.searchParams.get("grant_type");
      const out = grant === "password"
        ? await passwordGrant(body, ip)
        : grant === "refresh_token"
        ? await refreshGrant(body, ip)
        : ERR(400, "unsupported_grant_type", "unsupported_grant_type");
      send(out.status, out.body);
    } catch (err) {
      send(500, { code: 500, error_code: "unexpected_failure", msg: String((err as Error).message) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    passwordGrants: () => passwordGrants,
    setPasswordHook: (enabled) => {
      passwordHook = enabled;
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.end();
      await bcrypt.end();
    },
  };
}
