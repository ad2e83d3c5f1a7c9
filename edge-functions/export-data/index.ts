import { createSql } from "../_shared/db.ts";
import { readEnv } from "../_shared/secrets.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createExportDataHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_URL", "SUPABASE_DB_URL", "JWT_SECRET", "SUPABASE_JWKS"], Deno.env.toObject());

Deno.serve(createExportDataHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 4, applicationName: "export-data" }),
  verify: jwtVerifierFromEnv(env),
}));
