// One upstream-error type and one Retry-After parser for every provider (LLM, email, payments).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../edge-functions/_email/providers/provider.ts";
import { createResendProvider } from "../../edge-functions/_email/providers/resend.ts";
import { PaymentProviderError } from "../../edge-functions/_payments/provider.ts";
import { PlanProviderError } from "../../edge-functions/_planner/providers/provider.ts";
import { parseRetryAfter, retryableStatus, UpstreamError } from "../../edge-functions/_shared/upstream.ts";
import { type ResendDouble, startResendDouble } from "../support/resend-double.ts";

const now = Date.parse("2026-11-30T12:00:00Z");
const headers = (h: Record<string, string>) => new Headers(h);

describe("parseRetryAfter", () => {
  it.each([
    [{ "retry-after": "120" }, 120_000],
    [{ "retry-after": "0" }, 0],
    [{ "retry-after": " 1.5 " }, 1_500],
    [{ "retry-after": "Mon, 30 Nov 2026 12:00:30 GMT" }, 30_000],
    [{ "retry-after": "Mon, 30 Nov 2026 11:00:00 GMT" }, 0], // in the past: now
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250], // the finer header wins
    [{ "retry-after-ms": "soon", "retry-after": "9" }, 9_000],
  ])("reads %j as %i ms", (h, ms) => {
    expect(parseRetryAfter(headers(h), now)).toBe(ms);
  });

  it.each([[{}], [{ "retry-after": "-5" }], [{ "retry-after": "soon" }], [{ "retry-after": "12abc" }], [{
    "retry-after": "1e3",
  }]])("gives undefined for %j", (h) => {
    expect(parseRetryAfter(headers(h), now)).toBeUndefined();
  });

  it("classifies statuses the same for every provider", () => {
    expect([429, 500, 503, 529].every(retryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(retryableStatus)).toBe(false);
  });
});

describe("UpstreamError", () => {
  it("is what every provider's error is, with the common fields", () => {
    const llm = new PlanProviderError("provider_unavailable", "openai: HTTP 429", true, undefined, {
      status: 429,
      retryAfterMs: 2_000,
    });
    const email = new ProviderError("resend: HTTP 503", true, 7, 503);
    const payment = new PaymentProviderError("Stripe refund failed", false, "card_declined");
    for (const err of [llm, email, payment]) expect(err).toBeInstanceOf(UpstreamError);
    expect([llm.service, llm.retryable, llm.status, llm.retryAfterMs]).toEqual(["llm", true, 429, 2_000]);
    expect([email.service, email.retryable, email.status, email.retryAfterMs]).toEqual([
      "email",
      true,
      503,
      7_000,
    ]);
    expect([payment.service, payment.retryable, payment.providerCode]).toEqual([
      "payments",
      false,
      "card_declined",
    ]);
    // The domain names stay what logs and callers already match on.
    expect([llm.name, email.name, payment.name]).toEqual([
      "PlanProviderError",
      "ProviderError",
      "PaymentProviderError",
    ]);
  });
});

describe("the email provider reads Retry-After with the shared parser", () => {
  let double: ResendDouble;
  beforeAll(async () => {
    double = await startResendDouble();
  });
  afterAll(() => double.close());

  const send = () =>
    createResendProvider({ apiKey: "re_test_key", baseUrl: double.url }).send({
      from: "TripMaster <hello@tripmaster.app>",
      to: "a@example.test",
      subject: "s",
      html: "<p>h</p>",
      text: "h",
      idempotencyKey: crypto.randomUUID(),
    }).then(() => null, (err: unknown) => err as ProviderError);

  it("an HTTP date (which the old Number() parsing dropped)", async () => {
    double.mode = {
      ...double.mode,
      failFirst: 1,
      status: 429,
      retryAfter: new Date(Date.now() + 90_000).toUTCString(),
    };
    const err = await send();
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err!.retryable).toBe(true);
    expect(err!.status).toBe(429);
    // 90 s from now, read a moment later and rounded up to whole seconds.
    expect(err!.retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(err!.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it("delta-seconds", async () => {
    double.mode = { ...double.mode, failFirst: 1, status: 503, retryAfter: 42 };
    const err = await send();
    expect([err!.retryAfterSeconds, err!.retryAfterMs]).toEqual([42, 42_000]);
  });
});
