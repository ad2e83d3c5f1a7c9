// The one HTTP call every LLM provider makes: a JSON POST bounded by a timeout (headers AND body: a server
// that trickles its answer is cut off like one that never answers), classified into PlanProviderError
// codes, and retried once when the failure is transient. Plain web fetch, so it runs in Deno and Node.
import { parseRetryAfter, retryableStatus } from "../../_shared/upstream.ts";
import { planJsonSchema } from "../schema.ts";
import { PlanProviderError } from "./provider.ts";

export interface PostJsonOptions {
  /** Provider name, used as the prefix of error messages. */
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Bound of one attempt (request, headers and body). */
  timeoutMs: number;
  /** The caller's signal: when it aborts, the call stops and is never retried. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Secrets that must never appear in an error message (the API key). */
  secrets?: string[];
  /** Pause before the retry when the server gives no Retry-After. */
  retryDelayMs?: number;
  /** Called just before each request is sent (the retry included): provider spend is counted per request. */
  onCall?: () => void;
}

/** The plan schema as providers get it (OpenAI's response format, Anthropic's tool input schema): without
 * the `$schema` key, which OpenAI's strict mode does not accept. */
export const providerPlanSchema: Record<string, unknown> = (() => {
  const { $schema: _, ...schema } = planJsonSchema;
  return schema;
})();

/** A token count from a provider's usage block; anything else counts as 0. */
export function tokenCount(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n) : 0;
}

/** Pause before the one retry when the server does not say how long to wait. */
export const RETRY_DELAY_MS = 250;
/** A Retry-After longer than this is not worth waiting for inside one request: fail (transient) instead. */
export const MAX_RETRY_AFTER_MS = 5_000;
const MAX_DETAIL = 200;

/** Posts `body` as JSON and returns the parsed JSON answer of a 2xx response. Transient failures (network,
 * timeout, 429, 5xx) are retried once; the second failure is thrown as is (still `transient`). */
export async function postJson(options: PostJsonOptions): Promise<unknown> {
  try {
    return await attempt(options);
  } catch (err) {
    if (!(err instanceof RetryableError)) throw err;
    const waitMs = err.retryAfterMs ?? options.retryDelayMs ?? RETRY_DELAY_MS;
    if (waitMs > MAX_RETRY_AFTER_MS) throw err.error;
    await sleep(waitMs, options.signal).catch(() => {
      throw callerAborted(options.provider);
    });
    try {
      return await attempt(options);
    } catch (again) {
      throw again instanceof RetryableError ? again.error : again;
    }
  }
}

/** A transient failure of one attempt, with how long the server asked us to wait. */
class RetryableError extends Error {
  constructor(readonly error: PlanProviderError, readonly retryAfterMs?: number) {
    super(error.message);
  }
}

async function attempt(o: PostJsonOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const failed = (err: unknown): Error => {
    if (o.signal?.aborted) return callerAborted(o.provider);
    if (timeout.aborted) {
      return new RetryableError(
        new PlanProviderError("provider_timeout", `${o.provider}: no answer within ${o.timeoutMs} ms`, true),
      );
    }
    const detail = err instanceof Error
      ? redact(`${err.name}: ${err.message}`, o.secrets).slice(0, MAX_DETAIL)
      : "unknown";
    return new RetryableError(
      new PlanProviderError("provider_unavailable", `${o.provider}: network error (${detail})`, true),
    );
  };
  if (o.signal?.aborted) throw callerAborted(o.provider);

  o.onCall?.();
  let res: Response;
  let text: string;
  try {
    res = await (o.fetch ?? fetch)(o.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...o.headers },
      body: JSON.stringify(o.body),
      signal,
    });
    // The same signal bounds the body: a custom fetch (or runtime) might not tie the body to it, so
    // reading stops explicitly when it aborts.
    text = await readText(res, signal);
  } catch (err) {
    throw failed(err);
  }

  if (res.ok) {
    try {
      return JSON.parse(text);
    } catch {
      throw new PlanProviderError(
        "invalid_output",
        `${o.provider}: HTTP ${res.status} with a body that is not JSON`,
        false,
      );
    }
  }
  const message = `${o.provider}: HTTP ${res.status} ${errorDetail(text, res.statusText, o.secrets)}`.trim();
  // 429 and 5xx (Anthropic's 529 "overloaded" included) may pass later; other 4xx (bad key, bad request,
  // unknown model, schema refused) will not.
  if (retryableStatus(res.status)) {
    const retryAfterMs = parseRetryAfter(res.headers);
    throw new RetryableError(
      new PlanProviderError("provider_unavailable", message, true, undefined, {
        status: res.status,
        retryAfterMs,
      }),
      retryAfterMs,
    );
  }
  throw new PlanProviderError("provider_rejected", message, false, undefined, { status: res.status });
}

async function readText(res: Response, signal: AbortSignal): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  let stop = () => {};
  const aborted = new Promise<never>((_, reject) => {
    stop = () => {
      reader.cancel().catch(() => {});
      reject(signal.reason ?? new DOMException("aborted", "AbortError"));
    };
  });
  aborted.catch(() => {}); // only observed when it wins the race below
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  try {
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      // Deno ends the stream quietly (done, partial text) when the signal aborts mid-body.
      if (signal.aborted) throw signal.reason ?? new DOMException("aborted", "AbortError");
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

/** The provider's own error message (OpenAI `{error:{message}}`, Anthropic `{error:{type,message}}`),
 * never the raw body, cut to a short line, with secrets masked. */
function errorDetail(text: string, statusText: string, secrets?: string[]): string {
  let detail = statusText;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; type?: unknown } | string } | null;
    const error = body?.error;
    if (typeof error === "string") detail = error;
    else if (typeof error?.message === "string") detail = error.message;
    else if (typeof error?.type === "string") detail = error.type;
  } catch {
    // not JSON (a proxy's HTML page, say): the status text is all we say
  }
  return redact(detail.replace(/\s+/g, " "), secrets).slice(0, MAX_DETAIL);
}

function redact(s: string, secrets?: string[]): string {
  for (const secret of secrets ?? []) if (secret) s = s.split(secret).join("***");
  return s;
}

function callerAborted(provider: string): PlanProviderError {
  return new PlanProviderError("provider_timeout", `${provider}: cancelled by the caller`, false);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
