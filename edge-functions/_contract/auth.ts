// sign-in (password sign-in with lockout) and account-unlock (the "account locked" email's link).
import { z } from "zod";

/** Tokens this project issues (device tokens, unlock tokens): 256 random bits, base64url. */
export const opaqueToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "not a token this service issued");

export const signInRequestSchema = z.object({
  email: z.email().max(320),
  // Auth checks the password; only its size is bounded here (bcrypt reads at most 72 bytes anyway).
  password: z.string().min(1).max(1024),
  /** The device token a previous sign-in on this device returned. */
  device_token: opaqueToken.optional(),
}).meta({ id: "SignInRequest" });
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** GoTrue's session (hand it to supabase.auth.setSession()) and the device token to keep on the device. */
export const signInResultSchema = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  expires_at: z.number().optional(),
  user: z.looseObject({ id: z.string(), email: z.string().optional() }),
  device_token: z.string().nullable(),
}).meta({ id: "SignInResult" });
export type SignInResult = z.infer<typeof signInResultSchema>;

export const unlockRequestSchema = z.object({ token: opaqueToken }).meta({ id: "UnlockRequest" });
export type UnlockRequest = z.infer<typeof unlockRequestSchema>;
export const unlockResultSchema = z.object({ unlocked: z.literal(true) }).meta({ id: "UnlockResult" });
export type UnlockResult = z.infer<typeof unlockResultSchema>;
