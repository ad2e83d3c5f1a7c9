import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { createPasswordGrant } from "../_auth/password-grant.ts";
import { createSignInHandler } from "./handler.ts";

const env = readEnv(
  ["SUPABASE_URL", "SUPABASE_DB_URL", "SUPABASE_ANON_KEY", "TRUSTED_PROXY_HOPS"],
  Deno.env.toObject(),
);

Deno.serve(createSignInHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "sign-in" }),
  passwordGrant: createPasswordGrant({ supabaseUrl: env.SUPABASE_URL, anonKey: env.SUPABASE_ANON_KEY }),
  trustedProxyHops: env.TRUSTED_PROXY_HOPS,
}));
