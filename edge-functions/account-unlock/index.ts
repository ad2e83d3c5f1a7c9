import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { loadEnv, platformEnv } from "../_shared/env.ts";
import { createAccountUnlockHandler } from "./handler.ts";

const env = loadEnv(z.object({ SUPABASE_DB_URL: platformEnv.SUPABASE_DB_URL }), Deno.env.toObject());

Deno.serve(createAccountUnlockHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 2, applicationName: "account-unlock" }),
}));
