import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { loadEnv, platformEnv } from "../_shared/env.ts";
import { createCancelAccountDeletionHandler } from "./handler.ts";

const env = loadEnv(z.object({ SUPABASE_DB_URL: platformEnv.SUPABASE_DB_URL }), Deno.env.toObject());

Deno.serve(createCancelAccountDeletionHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 2, applicationName: "cancel-account-deletion" }),
}));
