// Resend's HTTP API (SMTP ports are blocked in Edge Functions). Plain fetch rather than the resend SDK:
// we need a timeout per call, the HTTP status to tell retryable failures from permanent ones, Retry-After,
// and a base URL a test double can stand in for; the API is one POST.
import { parseRetryAfter, retryableStatus } from "../../_shared/upstream.ts";
import { type EmailProvider, type OutgoingEmail, ProviderError } from "./provider.ts";

export interface ResendOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createResendProvider(options: ResendOptions): EmailProvider {
  const base = (options.baseUrl ?? "https://api.resend.com").replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "resend",
    async send(email: OutgoingEmail) {
      let res: Response;
      try {
        res = await doFetch(`${base}/emails`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            "Content-Type": "application/json",
            "Idempotency-Key": email.idempotencyKey,
          },
          body: JSON.stringify({
            from: email.from,
            to: [email.to],
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers,
            tags: email.tags
              ? Object.entries(email.tags).map(([name, value]) => ({ name, value }))
              : undefined,
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof DOMException &&
          (err.name === "TimeoutError" || err.name === "AbortError");
        throw new ProviderError(
          timedOut ? `resend: no answer within ${timeoutMs} ms` : "resend: network error",
          true,
        );
      }
      const body = await res.json().catch(() => null) as
        | { id?: unknown; message?: unknown; name?: unknown }
        | null;
      if (res.ok && typeof body?.id === "string") return { id: body.id };
      const detail = typeof body?.message === "string" ? body.message.slice(0, 300) : res.statusText;
      const retryAfterMs = parseRetryAfter(res.headers);
      // 429 and 5xx may pass later; other 4xx (bad address, domain not verified, bad key) will not.
      const retryable = retryableStatus(res.status) || (res.ok && !body?.id);
      throw new ProviderError(
        `resend: HTTP ${res.status} ${detail}`,
        retryable,
        retryAfterMs !== undefined && retryAfterMs > 0 ? Math.ceil(retryAfterMs / 1000) : undefined,
        res.status,
      );
    },
  };
}
