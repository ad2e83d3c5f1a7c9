// createPasswordGrant (edge-functions/_auth/password-grant.ts) against the GoTrue double and a broken Auth:
// what each answer of Auth becomes.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasswordGrant } from "../../edge-functions/_auth/password-grant.ts";
import { testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY } from "../support/env.ts";
import { type GoTrueDouble, startGoTrueDouble } from "../support/gotrue-double.ts";

const sql = testSql(1);
let auth: GoTrueDouble;
let broken: Server;
let brokenUrl: string;
const email = `grant-${randomUUID()}@example.test`;
let userId: string;

beforeAll(async () => {
  auth = await startGoTrueDouble();
  broken = createServer((req, res) => {
    if (req.url?.includes("garbage")) res.writeHead(200, { "content-type": "application/json" }).end("{}");
    else res.writeHead(503).end("down");
  });
  await new Promise<void>((r) => broken.listen(0, "127.0.0.1", r));
  const a = broken.address();
  brokenUrl = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  userId = randomUUID();
  await sql`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change)
    values ('00000000-0000-0000-0000-000000000000', ${userId}, 'authenticated', 'authenticated', ${email},
      extensions.crypt('Right-pass-1', extensions.gen_salt('bf', 4)), now(), '{}', '{}', now(), now(), '', '', '', '')`;
});
afterAll(async () => {
  await auth.stop();
  await new Promise<void>((r) => broken.close(() => r()));
  await sql`delete from auth.users where id = ${userId}`;
  await sql.end();
});

describe("password grant", () => {
  it("a wrong password is invalid_credentials", async () => {
    const grant = createPasswordGrant({ supabaseUrl: auth.url, anonKey: LOCAL_ANON_KEY });
    expect(await grant(email, "wrong")).toEqual({ kind: "invalid_credentials" });
  });

  it("the right password with a ticket is a session", async () => {
    await sql`insert into private.sign_in_tickets (user_id, source, expires_at)
      values (${userId}, 'ip:192.0.2.1', now() + interval '1 minute')`;
    const grant = createPasswordGrant({ supabaseUrl: `${auth.url}/`, anonKey: LOCAL_ANON_KEY });
    const out = await grant(email, "Right-pass-1");
    expect(out.kind).toBe("session");
  });

  it("a hook refusal is refused with Auth's status and message", async () => {
    const grant = createPasswordGrant({ supabaseUrl: auth.url, anonKey: LOCAL_ANON_KEY });
    expect(await grant(email, "Right-pass-1")).toMatchObject({ kind: "refused", status: 403 });
  });

  it("Auth down, unreachable or answering nonsense is unavailable", async () => {
    expect((await createPasswordGrant({ supabaseUrl: brokenUrl, anonKey: "k" })(email, "x")).kind).toBe(
      "unavailable",
    );
    expect(
      (await createPasswordGrant({ supabaseUrl: `${brokenUrl}/garbage`, anonKey: "k" })(email, "x")).kind,
    )
      .toBe("unavailable");
    expect((await createPasswordGrant({ supabaseUrl: "http://127.0.0.1:9", anonKey: "k" })(email, "x")).kind)
      .toBe("unavailable");
    // A wrong anon key (Auth answers 401) is our misconfiguration, not the user's problem.
    expect((await createPasswordGrant({ supabaseUrl: auth.url, anonKey: "wrong" })(email, "x")).kind)
      .toBe("unavailable");
  });
});
