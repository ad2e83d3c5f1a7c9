import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { createAccountUnlockHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_DB_URL"], Deno.env.toObject());

Deno.serve(createAccountUnlockHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 2, applicationName: "account-unlock" }),
}));
