// Supabase Auth's Send Email hook. Verifies the Standard Webhooks signature on the raw body (wrong or
// missing signature, stale timestamp: 401, nothing recorded), queues the email(s) in the outbox (dedupe on
// content, since Auth sends a new webhook-id on every retry), then tries to send them at once. A provider
// failure is not Auth's problem: the email is recorded and the worker retries it. Answers within Auth's 5 s.
import { Webhook } from "standardwebhooks";
import { findUnstorableText, readBodyText } from "../_shared/body.ts";
import type { Sql } from "../_shared/db.ts";
import { HttpError, jsonResponse, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import type { Logger } from "../_shared/log.ts";
import { formatZodIssues, sendEmailHookPayload, type SendEmailResult } from "../_contract/index.ts";
import { authEmails } from "../_email/auth-emails.ts";
import { enqueueEmail } from "../_email/io/outbox.ts";
import type { EmailProvider } from "../_email/providers/provider.ts";
import { sendNow } from "../_email/io/sender.ts";

export interface SendEmailDeps {
  /** SEND_EMAIL_HOOK_SECRET as Auth shows it: "v1,whsec_<base64>" (several joined by "|" while rotating). */
  hookSecret: string;
  sql: Sql;
  provider: EmailProvider;
  from: string;
  /** The app's URL (SITE_URL): auth links lead there, never to Auth's own API URL from the payload. */
  siteUrl: string;
  /** Other app URLs a redirect_to may point at (ADDITIONAL_REDIRECT_URLS, as in Auth's allow list). */
  redirectUrls?: readonly string[];
  logger?: Logger;
  /** Time allowed for the immediate send before answering Auth anyway. */
  sendBudgetMs?: number;
  /** Keeps a send that outlives the answer alive (EdgeRuntime.waitUntil on hosted). */
  waitUntil?: (work: Promise<unknown>) => void;
}

/** Auth's payloads are a few KiB; anything far larger is not from Auth. */
const MAX_BODY_BYTES = 256 * 1024;

export function createSendEmailHandler(deps: SendEmailDeps) {
  // Auth signs with every `v1,whsec_...` secret; the library wants the whsec_ part.
  const verifiers = deps.hookSecret.split("|").map((s) => s.trim()).filter((s) => s.startsWith("v1,"))
    .map((s) => new Webhook(s.slice(3)));
  if (verifiers.length === 0) throw new Error("SEND_EMAIL_HOOK_SECRET has no v1,whsec_ secret");
  const budget = deps.sendBudgetMs ?? 3_000;

  return createFunction("send-email", async (req, { log }) => {
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);
    const raw = await readBodyText(req, MAX_BODY_BYTES);
    const headers = {
      "webhook-id": req.headers.get("webhook-id") ?? "",
      "webhook-timestamp": req.headers.get("webhook-timestamp") ?? "",
      "webhook-signature": req.headers.get("webhook-signature") ?? "",
    };
    let verified: unknown;
    for (const wh of verifiers) {
      try {
        verified = wh.verify(raw, headers);
        break;
      } catch { /* try the next secret */ }
    }
    if (verified === undefined) {
      throw new HttpError(401, "invalid_signature", "Webhook signature is missing, wrong or stale");
    }

    // Signed, but still refused if Postgres could not store it (NUL, an unpaired surrogate): a 400, not a 500.
    const bad = findUnstorableText(verified);
    if (bad !== null) {
      throw new HttpError(400, "invalid_payload", "The hook payload contains text Postgres cannot store", {
        details: [{ path: bad, message: "NUL character or unpaired surrogate" }],
      });
    }
    const parsed = sendEmailHookPayload.safeParse(verified);
    if (!parsed.success) {
      throw new HttpError(400, "invalid_payload", "The hook payload does not have the expected shape", {
        details: formatZodIssues(parsed.error),
      });
    }
    const emails = await authEmails(parsed.data, { siteUrl: deps.siteUrl, redirectUrls: deps.redirectUrls });
    const ids: string[] = [];
    for (const e of emails) {
      ids.push(await enqueueEmail(deps.sql, { ...e, userId: parsed.data.user.id }));
    }
    log.info("auth email queued", { action: parsed.data.email_data.email_action_type, emails: ids.length });

    // Fast path: send now, within the budget. Whatever is not sent by then stays queued for the worker.
    const sending = Promise.all(ids.map((id) => sendNow({ ...deps, log }, id))).catch((err) => {
      log.error("immediate send failed; the worker will retry", { err });
    });
    deps.waitUntil?.(sending);
    await Promise.race([sending, new Promise((r) => setTimeout(r, budget))]);
    return jsonResponse({ queued: ids.length } satisfies SendEmailResult);
  }, { logger: deps.logger });
}
