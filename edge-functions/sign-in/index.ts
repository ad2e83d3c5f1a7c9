import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { loadEnv, platformEnv } from "../_shared/env.ts";
import { createPasswordGrant } from "../_auth/password-grant.ts";
import { createSignInHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_URL: platformEnv.SUPABASE_URL,
    SUPABASE_DB_URL: platformEnv.SUPABASE_DB_URL,
    SUPABASE_ANON_KEY: platformEnv.SUPABASE_ANON_KEY,
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  }),
  Deno.env.toObject(),
);

Deno.serve(createSignInHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "sign-in" }),
  passwordGrant: createPasswordGrant({ supabaseUrl: env.SUPABASE_URL, anonKey: env.SUPABASE_ANON_KEY }),
  trustedProxyHops: env.TRUSTED_PROXY_HOPS,
}));
