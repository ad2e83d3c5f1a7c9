// The request/response frame every function handler runs in: request id, CORS, structured logs, JSON
// bodies validated with zod, and the one place that turns errors into responses.
import { z } from "zod";
import { corsHeaders, preflightResponse, withCors } from "./cors.ts";
import { errorResponse, HttpError, internalErrorResponse } from "./errors.ts";
import { createLogger, type Logger } from "./log.ts";

export interface RequestContext {
  requestId: string;
  log: Logger;
}

export type Handler = (req: Request, ctx: RequestContext) => Promise<Response> | Response;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Wraps a handler: everything a function returns goes through here. */
export function createFunction(
  name: string,
  handler: Handler,
  options: { logger?: Logger } = {},
): (req: Request) => Promise<Response> {
  const baseLog = options.logger ?? createLogger({ fn: name });
  return async (req: Request) => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id") ?? req.headers.get("sb-request-id") ?? "";
    const requestId = REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = baseLog.child({ request_id: requestId });
    let response: Response;
    if (req.method === "OPTIONS") {
      response = preflightResponse();
    } else {
      try {
        response = await handler(req, { requestId, log });
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
    response = withCors(response);
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

export { corsHeaders };

const MAX_JSON_BYTES = 1_000_000;

/** Reads and validates a JSON body; any problem is a 4xx with a clear code, before anything is written. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new HttpError(413, "payload_too_large", "The body is too large");
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) throw new HttpError(413, "payload_too_large", "The body is too large");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  // Postgres text cannot hold NUL: refuse it here rather than fail later with a 500.
  if (text.includes("\\u0000") || text.includes("\0")) {
    throw new HttpError(400, "invalid_json", "The body contains a NUL character");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(400, "validation_failed", "The body does not have the expected shape", {
      details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}
