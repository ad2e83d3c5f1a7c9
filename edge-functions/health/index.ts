// Health is the one function that must start with secrets missing: it reports them instead of failing.
import { createSql } from "../_shared/db.ts";
import { createDatabaseCheck } from "./database-check.ts";
import { createHealthHandler } from "./handler.ts";

const env = Deno.env.toObject();
const sql = env.SUPABASE_DB_URL
  ? createSql(env.SUPABASE_DB_URL, { max: 1, applicationName: "health" })
  : null;

Deno.serve(createHealthHandler({
  env,
  checkDatabase: sql
    ? createDatabaseCheck(sql)
    : () => Promise.reject(new Error("SUPABASE_DB_URL is not set")),
}));
