// CORS for browser clients calling functions with supabase-js (`functions.invoke` sends authorization,
// apikey, content-type and x-client-info), for the origins the project allows (CORS_ALLOWED_ORIGINS: a
// comma-separated list of origins, or `*`, which only the local stack uses). A request from another
// origin gets no Access-Control-Allow-Origin, so the browser keeps the answer from the page.
// Every response also gets the security headers below, whatever its status.

export interface CorsPolicy {
  /** "*" (any origin: the local stack) or the exact origins allowed; empty allows none. */
  origins: "*" | readonly string[];
}

/** Parses CORS_ALLOWED_ORIGINS: `*`, or origins such as `https://app.example.com, http://localhost:3000`. */
export function parseAllowedOrigins(value: string | undefined): CorsPolicy {
  const raw = (value ?? "").trim();
  if (raw === "*") return { origins: "*" };
  const origins: string[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new Error(`not an origin: ${JSON.stringify(part)}`);
    }
    if (url.origin === "null" || url.origin !== part.replace(/\/$/, "").toLowerCase()) {
      throw new Error(`not an origin (scheme://host[:port], nothing after): ${JSON.stringify(part)}`);
    }
    origins.push(url.origin);
  }
  return { origins };
}

const allowHeaders = "authorization, x-client-info, apikey, content-type, x-request-id, accept";

export const securityHeaders: Readonly<Record<string, string>> = {
  // No MIME sniffing: a JSON or calendar answer is never run as a script or rendered as HTML.
  "X-Content-Type-Options": "nosniff",
  // Function URLs may carry share tokens (plan-calendar ?token=): never pass them on as a Referer.
  "Referrer-Policy": "no-referrer",
};

/** The CORS headers for a request from `origin` (the Origin header, or null). */
export function corsHeadersFor(origin: string | null, policy: CorsPolicy): Record<string, string> {
  const common = {
    "Access-Control-Allow-Headers": allowHeaders,
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Expose-Headers": "x-request-id, retry-after",
    "Access-Control-Max-Age": "86400",
  };
  if (policy.origins === "*") return { "Access-Control-Allow-Origin": "*", ...common };
  // The answer depends on Origin: caches must keep one copy per origin.
  if (origin === null || !policy.origins.includes(origin.toLowerCase())) return { Vary: "Origin" };
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin", ...common };
}

/** A copy of the response with the CORS headers for the request's origin and the security headers. */
export function withCors(response: Response, origin: string | null, policy: CorsPolicy): Response {
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(corsHeadersFor(origin, policy))) {
    if (k === "Vary") {
      const vary = headers.get("vary");
      if (!vary || !/\borigin\b/i.test(vary)) headers.set("Vary", vary ? `${vary}, Origin` : "Origin");
    } else if (!headers.has(k)) headers.set(k, v);
  }
  return withSecurityHeaders(
    new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    }),
  );
}

/** Sets the security headers on a response whose headers may be immutable (then on a copy). */
export function withSecurityHeaders(response: Response): Response {
  try {
    for (const [k, v] of Object.entries(securityHeaders)) response.headers.set(k, v);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(securityHeaders)) headers.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** The answer to a CORS preflight (no handler runs). */
export const preflightResponse = (origin: string | null, policy: CorsPolicy) =>
  withCors(new Response(null, { status: 204 }), origin, policy);
