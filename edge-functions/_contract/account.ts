// cancel-account-deletion: the link in the "your account will be deleted" email.
import { z } from "zod";

/** The cancel token of the email's link: 256 random bits, base64url. */
export const CANCEL_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export const cancelDeletionRequestSchema = z.strictObject({
  token: z.string().regex(CANCEL_TOKEN, "not a cancel token"),
}).meta({ id: "CancelAccountDeletionRequest" });
export type CancelDeletionRequest = z.infer<typeof cancelDeletionRequestSchema>;

export const cancelDeletionResultSchema = z.object({
  status: z.literal("restored"),
  restored_plans: z.number().int(),
}).meta({ id: "CancelAccountDeletionResult" });
export type CancelDeletionResult = z.infer<typeof cancelDeletionResultSchema>;
