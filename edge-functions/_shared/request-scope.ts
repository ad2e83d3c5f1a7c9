// The request a piece of work belongs to, available to code deep below the handler (the database helpers
// in db.ts, background work the handler started) without passing the Request down every call.
// createFunction opens the scope; work started inside it (also after the response, through waitUntil)
// stays in it, since AsyncLocalStorage follows promises.
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  /** The headers SQL sees as `request.headers` (lowercased names, as PostgREST sets them). Only the two
   * the database uses: who (IP) and with what (user agent); never credentials. */
  sqlHeaders: { "user-agent"?: string; "x-forwarded-for"?: string };
  /** The client's IP from the trusted X-Forwarded-For hop (TRUSTED_PROXY_HOPS), or null. */
  clientIp: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Longer values are cut: a user agent is kept to 512 characters by the log anyway. */
const MAX_HEADER = 1024;

export function requestScopeFor(headers: Headers, clientIp: string | null): RequestScope {
  const sqlHeaders: RequestScope["sqlHeaders"] = {};
  const ua = headers.get("user-agent");
  if (ua) sqlHeaders["user-agent"] = ua.slice(0, MAX_HEADER);
  // Passed whole (as PostgREST does): SQL picks the trusted hop itself (private.request_client_ip()).
  // Cut from the left, where the client-written entries are.
  const xff = headers.get("x-forwarded-for");
  if (xff) sqlHeaders["x-forwarded-for"] = xff.length > MAX_HEADER ? xff.slice(-MAX_HEADER) : xff;
  return { sqlHeaders, clientIp };
}

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
