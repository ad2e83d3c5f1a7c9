import { z } from "zod";
import { createSql } from "../_shared/db.ts";
import { emailEnv, providerFromEnv } from "../_email/providers/select.ts";
import { loadEnv } from "../_shared/env.ts";
import { createSendEmailHandler } from "./handler.ts";

const env = loadEnv(
  z.object({
    SUPABASE_DB_URL: z.string().min(1),
    SEND_EMAIL_HOOK_SECRET: z.string().regex(/v1,whsec_/, "must look like v1,whsec_<base64>"),
    ...emailEnv,
  }),
  Deno.env.toObject(),
);

const edgeRuntime = (globalThis as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime;

Deno.serve(createSendEmailHandler({
  waitUntil: edgeRuntime ? (p) => edgeRuntime.waitUntil(p) : undefined,
  hookSecret: env.SEND_EMAIL_HOOK_SECRET,
  sql: createSql(env.SUPABASE_DB_URL, { max: 3, applicationName: "send-email" }),
  provider: providerFromEnv(env),
  from: env.EMAIL_FROM,
  siteUrl: env.SITE_URL,
  redirectUrls: env.ADDITIONAL_REDIRECT_URLS,
}));
