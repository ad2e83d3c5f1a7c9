// send-email (Supabase Auth's Send Email hook, Standard Webhooks signed) and email-worker (drains the
// outbox; called by pg_cron with the service role).
import { z } from "zod";

export const VERIFICATION_ACTIONS = [
  "signup",
  "recovery",
  "invite",
  "magiclink",
  "email_change",
  "email",
  "email_change_current",
  "email_change_new",
  "reauthentication",
] as const;

/** Security notices Auth sends through the same hook (password changed, MFA factor added, ...). */
export const SECURITY_NOTICES = [
  "password_changed_notification",
  "email_changed_notification",
  "phone_changed_notification",
  "identity_linked_notification",
  "identity_unlinked_notification",
  "mfa_factor_enrolled_notification",
  "mfa_factor_unenrolled_notification",
] as const;

export const EMAIL_ACTION_TYPES = [...VERIFICATION_ACTIONS, ...SECURITY_NOTICES] as const;

export const sendEmailHookPayload = z.object({
  user: z.looseObject({
    id: z.uuid(),
    email: z.string().default(""),
    new_email: z.string().nullish(),
    updated_at: z.string().nullish(),
    user_metadata: z.record(z.string(), z.unknown()).nullish(),
  }),
  email_data: z.looseObject({
    token: z.string().default(""),
    token_hash: z.string().default(""),
    redirect_to: z.string().default(""),
    email_action_type: z.enum(EMAIL_ACTION_TYPES),
    site_url: z.string().default(""),
    token_new: z.string().default(""),
    token_hash_new: z.string().default(""),
    old_email: z.string().nullish(),
    provider: z.string().nullish(),
    factor_type: z.string().nullish(),
  }),
}).meta({ id: "SendEmailHookPayload" });
export type SendEmailHookPayload = z.infer<typeof sendEmailHookPayload>;

export const sendEmailResultSchema = z.object({ queued: z.number().int() }).meta({ id: "SendEmailResult" });
export type SendEmailResult = z.infer<typeof sendEmailResultSchema>;

export const drainResultSchema = z.object({
  claimed: z.number().int(),
  sent: z.number().int(),
  retrying: z.number().int(),
  dead: z.number().int(),
}).meta({ id: "EmailDrainResult" });
export type DrainResult = z.infer<typeof drainResultSchema>;
