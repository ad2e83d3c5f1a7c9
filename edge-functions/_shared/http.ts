// The request/response frame every function handler runs in: request id, CORS and security headers,
// structured logs, the request scope (client IP, headers for SQL), checked URLs and JSON bodies
// validated with zod, and the one place that turns errors into responses.
import type { z } from "zod";
import { formatZodIssues } from "../_contract/errors.ts";
import { findUnstorableText, isStorableText, readBodyText } from "./body.ts";
import { clientIp } from "./client-ip.ts";
import { preflightResponse, withCors } from "./cors.ts";
import { errorResponse, HttpError, internalErrorResponse } from "./errors.ts";
import { ambientFrameConfig, type FrameConfig } from "./frame-config.ts";
import { createLogger, type Logger } from "./log.ts";
import { requestScopeFor, runInRequestScope } from "./request-scope.ts";

export interface RequestContext {
  requestId: string;
  log: Logger;
  /** The client's IP from the trusted X-Forwarded-For hop (TRUSTED_PROXY_HOPS), or null. */
  clientIp: string | null;
}

export type Handler = (req: Request, ctx: RequestContext) => Promise<Response> | Response;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Path segments and query parameters reach SQL: refuse what Postgres cannot store (400, not a 500). */
function checkUrl(url: URL) {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(400, "bad_request", "The path is not valid percent-encoded UTF-8");
  }
  if (!isStorableText(path)) throw new HttpError(400, "bad_request", "The path contains a NUL character");
  for (const [k, v] of url.searchParams) {
    if (!isStorableText(k) || !isStorableText(v)) {
      throw new HttpError(400, "bad_request", "The query string contains a NUL character");
    }
  }
}

/** Wraps a handler: everything a function returns goes through here. */
export function createFunction(
  name: string,
  handler: Handler,
  options: { logger?: Logger; config?: FrameConfig } = {},
): (req: Request) => Promise<Response> {
  const baseLog = options.logger ?? createLogger({ fn: name });
  const config = options.config ?? ambientFrameConfig();
  return async (req: Request) => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id") ?? req.headers.get("sb-request-id") ?? "";
    const requestId = REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = baseLog.child({ request_id: requestId });
    const origin = req.headers.get("origin");
    const ip = clientIp(req.headers, config.trustedProxyHops);
    let response: Response;
    if (req.method === "OPTIONS") {
      response = preflightResponse(origin, config.cors);
    } else {
      try {
        checkUrl(new URL(req.url));
        response = await runInRequestScope(
          requestScopeFor(req.headers, ip),
          () => handler(req, { requestId, log, clientIp: ip }),
        );
      } catch (err) {
        if (err instanceof HttpError) {
          if (err.status >= 500) log.error("request failed", { err, code: err.code });
          response = errorResponse(err);
        } else {
          log.error("unhandled error", { err });
          response = internalErrorResponse();
        }
      }
    }
    response = withCors(response, origin, config.cors);
    response.headers.set("x-request-id", requestId);
    log.info("request", {
      method: req.method,
      path: new URL(req.url).pathname,
      status: response.status,
      duration_ms: Math.round(performance.now() - started),
    });
    return response;
  };
}

const MAX_JSON_BYTES = 1_000_000;

/** Reads and validates a JSON body; any problem is a 4xx with a clear code, before anything is written. */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const text = await readBodyText(req, options.maxBytes ?? MAX_JSON_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  // Postgres text and jsonb cannot hold NUL or an unpaired surrogate ("\ud800"): refuse them here rather
  // than fail later with a 500.
  const bad = findUnstorableText(raw);
  if (bad !== null) {
    throw new HttpError(400, "invalid_json", "The body contains a NUL character or an unpaired surrogate", {
      details: [{ path: bad, message: "text Postgres cannot store" }],
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(400, "validation_failed", "The body does not have the expected shape", {
      details: formatZodIssues(parsed.error),
    });
  }
  return parsed.data;
}
