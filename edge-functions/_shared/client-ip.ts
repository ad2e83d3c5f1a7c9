// The client's IP address from the hop the platform's proxies add. Every proxy appends the address it
// received the request from to X-Forwarded-For, so with `trustedHops` proxies in front of the function the
// client is the trustedHops-th entry from the right; anything further left was written by the client.
// The same rule as private.client_ip_from() in SQL (migration 20261129000400_client_ip.sql).

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]{2,45})$/;

export function clientIp(headers: Headers, trustedHops = 1): string | null {
  if (!Number.isInteger(trustedHops) || trustedHops < 1) return null;
  const parts = (headers.get("x-forwarded-for") ?? "").split(",").map((p) => p.trim());
  if (parts.length === 1 && parts[0] === "") return null;
  if (parts.length < trustedHops) return null;
  const ip = parts[parts.length - trustedHops];
  return IP.test(ip) ? ip : null;
}
