// Request bodies of the sign-in and account-unlock functions.
import { z } from "zod";

/** Tokens this project issues (device tokens, unlock tokens): 256 random bits, base64url. */
export const opaqueToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "not a token this service issued");

export const signInBody = z.object({
  email: z.email().max(320),
  // Auth checks the password; only its size is bounded here (bcrypt reads at most 72 bytes anyway).
  password: z.string().min(1).max(1024),
  device_token: opaqueToken.optional(),
});

export const unlockBody = z.object({ token: opaqueToken });
