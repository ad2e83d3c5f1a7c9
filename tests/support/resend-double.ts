// A local HTTP double of Resend's POST /emails, on 127.0.0.1, driven by the real provider code. Like
// Resend it keeps Idempotency-Key: a repeated key answers the first id and delivers nothing new.
// Behaviour is switchable per test: fail the first N calls, answer 429 with Retry-After, stall (timeout),
// or fail for good.
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface Delivery {
  id: string;
  key: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export interface ResendDouble {
  url: string;
  /** Messages actually delivered (one per idempotency key). */
  deliveries: Delivery[];
  /** Every request received, including failed and repeated ones. */
  requests: { key: string; status: number }[];
  mode: {
    failFirst: number;
    status: number;
    /** Seconds, or an HTTP date. */
    retryAfter?: number | string;
    stallMs: number;
    failAlways: boolean;
  };
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.on("data", (d) => (s += d));
    req.on("end", () => resolve(s));
  });
}

export async function startResendDouble(): Promise<ResendDouble> {
  const byKey = new Map<string, Delivery>();
  let seq = 0;
  const double: ResendDouble = {
    url: "",
    deliveries: [],
    requests: [],
    mode: { failFirst: 0, status: 500, stallMs: 0, failAlways: false },
    reset() {
      this.mode = { failFirst: 0, status: 500, stallMs: 0, failAlways: false };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const key = String(req.headers["idempotency-key"] ?? "");
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      double.requests.push({ key, status });
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(json));
    };
    if (req.method !== "POST" || req.url !== "/emails") return answer(404, { message: "not found" });
    if (req.headers.authorization !== "Bearer re_test_key") {
      return answer(401, { message: "API key is invalid" });
    }
    if (double.mode.stallMs > 0) await new Promise((r) => setTimeout(r, double.mode.stallMs));
    if (double.mode.failAlways || double.mode.failFirst > 0) {
      if (double.mode.failFirst > 0) double.mode.failFirst--;
      const headers: Record<string, string> = double.mode.retryAfter
        ? { "retry-after": String(double.mode.retryAfter) }
        : {};
      return answer(double.mode.status, { name: "application_error", message: "simulated failure" }, headers);
    }
    const previous = byKey.get(key);
    if (previous) return answer(200, { id: previous.id });
    const msg = JSON.parse(body) as { to: string[]; subject: string; html: string; text: string };
    const delivery = {
      id: `re_${++seq}`,
      key,
      to: msg.to,
      subject: msg.subject,
      html: msg.html,
      text: msg.text,
    };
    if (key) byKey.set(key, delivery);
    double.deliveries.push(delivery);
    return answer(200, { id: delivery.id });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  double.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return double;
}
