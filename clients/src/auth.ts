// Password sign-in through the project's sign-in function (lockout per account and source, on every plan).
// The session it returns is GoTrue's: hand it to supabase.auth.setSession(). Keep `device_token` on the
// device (it keeps the owner out of lockouts caused by failures elsewhere) and send it with every sign-in.
export type {
  SignInRequest,
  SignInResult,
  UnlockRequest,
  UnlockResult,
} from "../../edge-functions/_contract/index.ts";

/** The token of an unlock link: `<app>/account/unlock#token=…` (the fragment never reaches a server). */
export function unlockTokenFromUrl(url: string): string | null {
  const hash = new URL(url).hash.replace(/^#/, "");
  return new URLSearchParams(hash).get("token");
}
