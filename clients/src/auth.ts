// Password sign-in through the project's sign-in function (lockout per account and source, on every plan).
// The session it returns is GoTrue's: hand it to supabase.auth.setSession(). Keep `device_token` on the
// device (it keeps the owner out of lockouts caused by failures elsewhere) and send it with every sign-in.

export interface SignInRequest {
  email: string;
  password: string;
  /** The device token a previous sign-in on this device returned. */
  device_token?: string;
}

export interface SignInResult {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  expires_at?: number;
  user: { id: string; email?: string; [key: string]: unknown };
  /** Store it on this device and send it next time. */
  device_token: string | null;
}

export interface UnlockResult {
  unlocked: true;
}

/** The token of an unlock link: `<app>/account/unlock#token=…` (the fragment never reaches a server). */
export function unlockTokenFromUrl(url: string): string | null {
  const hash = new URL(url).hash.replace(/^#/, "");
  return new URLSearchParams(hash).get("token");
}
