// Supabase Auth's Send Email hook payload -> the emails to send. Links carry the token hash for
// supabase.auth.verifyOtp({ token_hash, type }) on the app's /auth/confirm page (the token-hash flow
// Supabase recommends for server-side and PKCE apps); codes are included for users who type them.
// Everything comes from the payload: for a sign-up, an invite or a first magic link, Auth calls the hook
// inside the transaction that creates the user, so nothing about the user can be looked up yet.
// Links point at the app's own SITE_URL. The payload's email_data.site_url is Auth's API URL
// (https://<ref>.supabase.co/auth/v1 on hosted), where /auth/confirm does not exist; redirect_to is kept
// only when it points into the app (SITE_URL or one of the allowed redirect URLs).

// The hook payload is part of the functions' contract (send-email validates with it).
export {
  EMAIL_ACTION_TYPES,
  type SendEmailHookPayload,
  sendEmailHookPayload,
  VERIFICATION_ACTIONS,
} from "../_contract/index.ts";
import type { SendEmailHookPayload } from "../_contract/index.ts";

export interface AuthEmail {
  template: string;
  to: string;
  data: Record<string, unknown>;
  /** Same content -> same key, whatever webhook-id Auth used (it changes on every retry). */
  dedupeKey: string;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The verifyOtp type a token hash is checked with. */
const OTP_TYPE: Record<string, string> = {
  signup: "signup",
  invite: "invite",
  magiclink: "magiclink",
  recovery: "recovery",
  email: "email",
  email_change: "email_change",
  email_change_current: "email_change",
  email_change_new: "email_change",
};

/** Where auth links lead: the app's URL, and the URLs a redirect_to may point at (as in Auth's allow list). */
export interface AuthLinkConfig {
  siteUrl: string;
  redirectUrls?: readonly string[];
}

/** True when `candidate` lies under `base`: same origin, and a path that starts at a segment boundary. */
function isUnder(candidate: URL, base: string): boolean {
  let b: URL;
  try {
    b = new URL(base);
  } catch {
    return false;
  }
  if (candidate.origin !== b.origin) return false;
  const prefix = b.pathname.endsWith("/") ? b.pathname : b.pathname + "/";
  return candidate.pathname === b.pathname || candidate.pathname.startsWith(prefix);
}

/** redirect_to when it points into the app, else "" (the app then uses its default page). */
export function allowedRedirect(redirectTo: string, links: AuthLinkConfig): string {
  if (!redirectTo) return "";
  let url: URL;
  try {
    url = new URL(redirectTo);
  } catch {
    return "";
  }
  if (url.username || url.password) return "";
  return [links.siteUrl, ...(links.redirectUrls ?? [])].some((base) => isUnder(url, base))
    ? url.toString()
    : "";
}

export function confirmUrl(siteUrl: string, tokenHash: string, type: string, redirectTo: string): string {
  const url = new URL("auth/confirm", siteUrl.replace(/\/+$/, "") + "/");
  url.searchParams.set("token_hash", tokenHash);
  url.searchParams.set("type", type);
  if (redirectTo) url.searchParams.set("redirect_to", redirectTo);
  return url.toString();
}

export async function authEmails(
  payload: SendEmailHookPayload,
  links: AuthLinkConfig,
): Promise<AuthEmail[]> {
  const { user, email_data: d } = payload;
  const action = d.email_action_type;
  const redirectTo = allowedRedirect(d.redirect_to, links);
  const link = (hash: string) => confirmUrl(links.siteUrl, hash, OTP_TYPE[action], redirectTo);
  const make = async (template: string, to: string, data: Record<string, unknown>, secret: string) => ({
    template,
    to,
    data,
    dedupeKey: `auth:${await sha256([user.id, action, template, to, secret].join("|"))}`,
  });

  switch (action) {
    case "signup":
      return [
        await make("confirm_signup", user.email, {
          actionUrl: link(d.token_hash),
          code: d.token,
          email: user.email,
        }, d.token_hash),
      ];
    case "invite":
      return [
        await make("invite", user.email, { actionUrl: link(d.token_hash), email: user.email }, d.token_hash),
      ];
    case "magiclink":
    case "email":
      return [
        await make("magic_link", user.email, {
          actionUrl: link(d.token_hash),
          code: d.token,
          email: user.email,
        }, d.token_hash),
      ];
    case "recovery":
      return [
        await make("password_reset", user.email, {
          actionUrl: link(d.token_hash),
          code: d.token,
          email: user.email,
        }, d.token_hash),
      ];
    case "reauthentication":
      return [await make("reauthentication", user.email, { code: d.token, email: user.email }, d.token)];
    case "email_change":
    case "email_change_current":
    case "email_change_new": {
      const newEmail = user.new_email ?? "";
      const base = { oldEmail: user.email, newEmail };
      const out: AuthEmail[] = [];
      // Auth's pairing (docs): token_hash_new goes with the current address and `token`; token_hash with the
      // new address and `token_new`. With secure email change off only token_hash is set (new address).
      if (action !== "email_change_new" && d.token_hash_new && user.email) {
        out.push(
          await make("email_change", user.email, {
            ...base,
            email: user.email,
            recipient: "current",
            actionUrl: link(d.token_hash_new),
            code: d.token || undefined,
          }, d.token_hash_new),
        );
      }
      if (action !== "email_change_current" && d.token_hash && newEmail) {
        out.push(
          await make("email_change", newEmail, {
            ...base,
            email: newEmail,
            recipient: "new",
            actionUrl: link(d.token_hash),
            code: (d.token_hash_new ? d.token_new : d.token) || undefined,
          }, d.token_hash),
        );
      }
      return out;
    }
    default: {
      // Security notifications: no token; the user's updated_at tells two real events apart while Auth's
      // retries of one event (same content) share a key.
      const detail = action === "identity_linked_notification" || action === "identity_unlinked_notification"
        ? d.provider ?? undefined
        : action.startsWith("mfa_factor")
        ? d.factor_type ?? undefined
        : undefined;
      return [
        await make(
          "security_notification",
          user.email,
          { notice: action, email: user.email, detail },
          user.updated_at ?? "",
        ),
      ];
    }
  }
}
