// Email settings from env, shared by the send-email hook and the email-worker.
import { z } from "zod";
import { createMailboxProvider } from "./mailbox.ts";
import type { EmailProvider } from "./provider.ts";
import { createResendProvider } from "./resend.ts";

export const emailEnv = {
  EMAIL_PROVIDER: z.enum(["resend", "mailbox"]).default("resend"),
  EMAIL_FROM: z.string().min(3).default("TripMaster <hello@tripmaster.app>"),
  // No default: a production function must never link to a local URL. The local stack sets it.
  SITE_URL: z.url(),
  /** Comma-separated app URLs besides SITE_URL that auth links may redirect to (Auth's allow list). */
  ADDITIONAL_REDIRECT_URLS: z.string().optional().transform((v) =>
    (v ?? "").split(",").map((u) => u.trim()).filter((u) => u.length > 0)
  ).pipe(z.array(z.url())),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url().optional(),
  MAILBOX_DIR: z.string().min(1).optional(),
};

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
