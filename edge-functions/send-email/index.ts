import { createSql } from "../_shared/db.ts";
import { EMAIL_ENV, providerFromEnv } from "../_email/providers/select.ts";
import { readEnv } from "../_shared/secrets.ts";
import { createSendEmailHandler } from "./handler.ts";

const env = readEnv(["SUPABASE_DB_URL", "SEND_EMAIL_HOOK_SECRET", ...EMAIL_ENV], Deno.env.toObject());

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
