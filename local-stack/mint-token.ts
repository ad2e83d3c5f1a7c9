// Prints an access token for a user of the local database, backed by a real auth.sessions row so the
// session_id claim points at something (as after a password sign-in).
//   deno run --allow-env --allow-net=127.0.0.1 --config edge-functions/deno.json local-stack/mint-token.ts \
//     --db <postgres url> --email ada@tripmaster.test [--seconds 3600]
import postgres from "postgres";
import { mintAccessToken } from "./access-token.ts";

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
  const token = await mintAccessToken(
    {
      id: user.id,
      email: user.email,
      phone: user.phone,
      is_anonymous: user.is_anonymous,
      app_metadata: user.app,
      user_metadata: user.meta,
    },
    {
      secret: Deno.env.get("JWT_SECRET") ?? "super-secret-jwt-token-with-at-least-32-characters-long",
      sessionId: session.id,
      expiresInSeconds: Number(arg("seconds", "3600")),
    },
  );
  console.log(token);
} finally {
  await sql.end();
}
