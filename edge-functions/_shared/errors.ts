// One error model for every function: an HttpError carries a status, a stable machine-readable code and a
// message that is safe to show a client. Anything else that escapes a handler is logged and becomes a
// generic 500: internals never reach the client.

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, "bad_request", message, { details });
export const unauthorized = (message = "Missing or invalid access token") =>
  new HttpError(401, "unauthorized", message);
export const forbidden = (message = "Not allowed") => new HttpError(403, "forbidden", message);
export const notFound = (message = "Not found") => new HttpError(404, "not_found", message);
export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, "method_not_allowed", `Use ${allowed.join(" or ")}`, {
    headers: { Allow: allowed.join(", ") },
  });

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function errorResponse(err: HttpError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.details !== undefined) body.error.details = err.details;
  return jsonResponse(body, { status: err.status, headers: err.headers });
}

export const internalErrorResponse = () =>
  errorResponse(new HttpError(500, "internal_error", "Something went wrong on our side"));
