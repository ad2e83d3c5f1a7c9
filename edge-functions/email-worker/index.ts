import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { emailEnv, providerFromEnv } from "../_email/providers/select.ts";
import { jwtEnv, loadEnv } from "../_shared/env.ts";
import { jwtVerifierFromEnv } from "../_shared/jwt.ts";
import { createEmailWorkerHandler } from "./handler.ts";

const env = loadEnv(
  z.object({ SUPABASE_URL: z.url(), SUPABASE_DB_URL: z.string().min(1), ...jwtEnv, ...emailEnv }),
  Deno.env.toObject(),
);

Deno.serve(createEmailWorkerHandler({
  sql: createSql(env.SUPABASE_DB_URL, { max: 4, applicationName: "email-worker" }),
  provider: providerFromEnv(env),
  from: env.EMAIL_FROM,
  siteUrl: env.SITE_URL,
  verify: jwtVerifierFromEnv(env),
}));
