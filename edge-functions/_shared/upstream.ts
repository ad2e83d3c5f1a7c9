// Services outside this project (LLM providers, the email provider, payments) fail one way: an
// UpstreamError says which service, whether trying again later may work, the HTTP status when there was
// one, and how long the service asked us to wait. Each domain's error (PlanProviderError, ProviderError,
// PaymentProviderError) is one of these, keeping its own stable codes; callers that only need "can I
// retry, and when" read the common fields.

export interface UpstreamErrorOptions {
  /** Trying again later may work (429, 5xx, timeouts, network). */
  retryable: boolean;
  /** The upstream HTTP status, when an answer came back. */
  status?: number;
  /** How long the service asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override name = "UpstreamError";
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(readonly service: string, message: string, options: UpstreamErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** 429 and 5xx may pass later; other statuses will not (bad key, bad request, refused). */
export const retryableStatus = (status: number) => status === 429 || status >= 500;

/** How long to wait, in milliseconds, from Retry-After (delta-seconds or an HTTP date, RFC 9110 §10.2.3)
 * or the retry-after-ms extension some APIs send (OpenAI); undefined when absent or unreadable. A date in
 * the past means "now" (0). */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const msValue = headers.get("retry-after-ms")?.trim();
  if (msValue && /^\d+(\.\d+)?$/.test(msValue)) return Number(msValue);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // An HTTP date has a weekday name and a zone; a bare number-like string that failed above is not one.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
