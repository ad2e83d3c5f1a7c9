// Prints an access token for a user of the local database, backed by a real auth.sessions row so the
// session_id claim points at something (as after a password sign-in), with the claims the project's custom
// access token hook gives: it is called the way Auth calls it (as supabase_auth_admin, in a transaction,
// the hook named in config.toml), so the token carries user_role/tier, and a refused account gets no token.
//   deno run --allow-env --allow-net=127.0.0.1 --allow-read --config edge-functions/deno.json \
//     local-stack/mint-token.ts --db <postgres url> --auth-db <url as supabase_auth_admin> \
//     --email ada@tripmaster.test [--seconds 3600]
import postgres from "postgres";
import { parse } from "smol-toml";
import { accessTokenClaims, signAccessToken } from "./access-token.ts";

function arg(name: string, fallback?: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  const value = i >= 0 ? Deno.args[i + 1] : fallback;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

const sql = postgres(arg("db"), { prepare: false, max: 1, onnotice: () => {} });
try {
  const email = arg("email");
  const [user] = await sql<
    {
      id: string;
      email: string;
      phone: string | null;
      is_anonymous: boolean;
      app: Record<string, unknown>;
      meta: Record<string, unknown>;
    }[]
  >`select id, email, phone, is_anonymous, coalesce(raw_app_meta_data, '{}') as app,
           coalesce(raw_user_meta_data, '{}') as meta
      from auth.users where email = ${email} and deleted_at is null`;
  if (!user) {
    console.error(`no user with email ${email} in the local database`);
    Deno.exit(1);
  }
  const [session] = await sql<{ id: string }[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip, refreshed_at)
    values (gen_random_uuid(), ${user.id}, now(), now(), 'aal1', 'tripmaster-local-stack', '127.0.0.1', now())
    returning id`;
  const claims = accessTokenClaims(
    {
      id: user.id,
      email: user.email,
      phone: user.phone,
      is_anonymous: user.is_anonymous,
      app_metadata: user.app,
      user_metadata: user.meta,
    },
    { sessionId: session.id, expiresInSeconds: Number(arg("seconds", "3600")) },
  );
  const hooked = await callCustomAccessTokenHook(user.id, claims);
  if ("error" in hooked) {
    console.error(`the custom access token hook refused a token: ${hooked.error.message}`);
    Deno.exit(1);
  }
  const secret = Deno.env.get("JWT_SECRET") ?? "super-secret-jwt-token-with-at-least-32-characters-long";
  console.log(await signAccessToken(hooked.claims, secret));
} finally {
  await sql.end();
}

type HookOutput = { claims: Record<string, unknown> } | { error: { http_code: number; message: string } };

/** hooks.custom_access_token as Auth runs it: pg-functions:// URI from config.toml, as supabase_auth_admin,
 * in a transaction with Auth's 2 s statement timeout. Without the hook configured, the claims as they are. */
async function callCustomAccessTokenHook(
  userId: string,
  claims: Record<string, unknown>,
): Promise<HookOutput> {
  const config = parse(await Deno.readTextFile(new URL("../supabase/config.toml", import.meta.url))) as {
    auth?: { hook?: { custom_access_token?: { enabled?: boolean; uri?: string } } };
  };
  const hook = config.auth?.hook?.custom_access_token;
  const target = hook?.enabled ? hook.uri?.match(/^pg-functions:\/\/[^/]+\/(\w+)\/(\w+)$/) : null;
  if (!target) return { claims };
  const auth = postgres(arg("auth-db"), { prepare: false, max: 1, onnotice: () => {} });
  try {
    return await auth.begin(async (tx) => {
      await tx.unsafe("set local statement_timeout to '2000'");
      const [row] = await tx.unsafe<{ out: HookOutput }[]>(
        `select "${target[1]}"."${target[2]}"($1::text::jsonb) as out`,
        // Not "password": a password sign-in must come through the sign-in function (its one-time ticket);
        // this hands out a token for a session the developer already has, as a refresh does.
        [JSON.stringify({ user_id: userId, claims, authentication_method: "token_refresh" })],
      );
      return row.out;
    }) as HookOutput;
  } finally {
    await auth.end();
  }
}
