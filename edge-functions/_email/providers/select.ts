// Which email provider the send-email hook and the email-worker use, from their env (read through the
// registry in _shared/secrets.ts).
import { createMailboxProvider } from "./mailbox.ts";
import type { EmailProvider } from "./provider.ts";
import { createResendProvider } from "./resend.ts";

/** The variables both email functions read (registry: _shared/secrets.ts). */
export const EMAIL_ENV = [
  "EMAIL_PROVIDER",
  "EMAIL_FROM",
  "SITE_URL",
  "ADDITIONAL_REDIRECT_URLS",
  "RESEND_API_KEY",
  "RESEND_BASE_URL",
  "MAILBOX_DIR",
] as const;

export function providerFromEnv(env: {
  EMAIL_PROVIDER: "resend" | "mailbox";
  RESEND_API_KEY?: string;
  RESEND_BASE_URL?: string;
  MAILBOX_DIR?: string;
}): EmailProvider {
  if (env.EMAIL_PROVIDER === "mailbox") {
    if (!env.MAILBOX_DIR) throw new Error("MAILBOX_DIR is missing (needed with EMAIL_PROVIDER=mailbox)");
    return createMailboxProvider({ dir: env.MAILBOX_DIR });
  }
  if (!env.RESEND_API_KEY) throw new Error("RESEND_API_KEY is missing (needed with EMAIL_PROVIDER=resend)");
  return createResendProvider({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL });
}
