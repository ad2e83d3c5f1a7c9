import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { jwtEnv, loadEnv, platformEnv } from "../_shared/env.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createExportDataHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_URL: platformEnv.SUPABASE_URL,
    SUPABASE_DB_URL: platformEnv.SUPABASE_DB_URL,
    ...jwtEnv,
  }),
  Deno.env.toObject(),
);

Deno.serve(createExportDataHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 4, applicationName: "export-data" }),
  verify: jwtVerifierFromEnv(env),
}));
