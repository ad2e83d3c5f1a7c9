import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { jwtEnv, loadEnv, platformEnv } from "../_shared/env.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createPlanPdfHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_URL: platformEnv.SUPABASE_URL,
    SUPABASE_DB_URL: platformEnv.SUPABASE_DB_URL,
    SITE_URL: z.url().default("http://127.0.0.1:3000"),
    ...jwtEnv,
  }),
  Deno.env.toObject(),
);

Deno.serve(createPlanPdfHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "plan-pdf" }),
  verify: jwtVerifierFromEnv(env),
  siteUrl: env.SITE_URL,
}));
