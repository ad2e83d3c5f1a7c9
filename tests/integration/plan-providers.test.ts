// The LLM plan providers (OpenAI, Anthropic, OpenAI-compatible) against local doubles of their HTTP APIs,
// through the real client code: what is sent (model, prompts, schema, forced tool, repair problems), what
// comes back (plan as produced, usage, model), and how failures are classified and retried (once, for
// transient ones only), including servers that stall or trickle their answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicProvider } from "../../edge-functions/_planner/providers/anthropic.ts";
import { createOpenAIProvider } from "../../edge-functions/_planner/providers/openai.ts";
import { providerFromEnv } from "../../edge-functions/_planner/providers/select.ts";
import { PlanProviderError } from "../../edge-functions/_planner/providers/provider.ts";
import { SYSTEM_PROMPT, userPrompt } from "../../edge-functions/_planner/prompt.ts";
import {
  type GeneratedPlan,
  generatedPlanSchema,
  type GenerateRequest,
} from "../../edge-functions/_planner/schema.ts";
import { type LlmDouble, startLlmDouble } from "../support/llm-doubles.ts";

const TIMEOUT_MS = 300;
const KEY = "sk-test-0123456789abcdef";

const request: GenerateRequest = {
  destination: "Lisbon",
  start_date: "2031-05-01",
  end_date: "2031-05-02",
  adults: 2,
  children: 0,
  budget: { amount: 1500, currency: "EUR" },
  interests: ["food", "history"],
  pace: "moderate",
  language: "en",
};

const plan: GeneratedPlan = {
  title: "Two days in Lisbon",
  summary: "Trams, tiles and pastéis de nata.",
  tips: ["Buy a Viva Viagem card."],
  days: ["2031-05-01", "2031-05-02"].map((date, i) => ({
    date,
    title: i === 0 ? "Alfama" : "Belém",
    summary: "A day on foot.",
    items: [{
      time_slot: "morning" as const,
      start_time: "09:30",
      title: i === 0 ? "Castelo de São Jorge" : "Jerónimos Monastery",
      description: "Go early to beat the queues.",
      place_name: i === 0 ? "Castelo de São Jorge" : "Mosteiro dos Jerónimos",
      latitude: i === 0 ? 38.7139 : 38.6979,
      longitude: i === 0 ? -9.1335 : -9.2068,
      estimated_cost: 30,
      booking_url: null,
    }],
  })),
};
// Wrong on purpose: an extra key, a day with no items, a negative cost. The provider must not care.
const badPlan = {
  ...plan,
  extra: "not in the schema",
  days: [{ ...plan.days[0], items: [] }, {
    ...plan.days[1],
    items: [{ ...plan.days[1].items[0], estimated_cost: -5 }],
  }],
};

async function failure(p: Promise<unknown>): Promise<PlanProviderError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlanProviderError);
  return err as PlanProviderError;
}

/** Real fetch, but when the signal aborts the body just ends (done, partial text) instead of failing:
 * what Deno's fetch does, so the Node run covers the Deno path. */
const quietOnAbortFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const signal = init?.signal;
  if (!res.body || !signal) return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener("abort", () => {
        controller.close();
        reader.cancel().catch(() => {});
      }, { once: true });
      void (async () => {
        for (;;) {
          const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          if (signal.aborted) return;
          if (chunk.done) return controller.close();
          controller.enqueue(chunk.value);
        }
      })();
    },
  });
  return new Response(body, { status: res.status, headers: res.headers });
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

let openai: LlmDouble;
let anthropic: LlmDouble;
let local: LlmDouble;

beforeAll(async () => {
  [openai, anthropic, local] = await Promise.all([
    startLlmDouble("openai", KEY),
    startLlmDouble("anthropic", KEY),
    startLlmDouble("openai", null),
  ]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close(), local.close()]);
});
beforeEach(() => {
  for (const d of [openai, anthropic, local]) {
    d.reset();
    d.mode.plan = plan;
  }
});

describe("OpenAI", () => {
  const provider = (extra: Partial<Parameters<typeof createOpenAIProvider>[0]> = {}) =>
    createOpenAIProvider({
      apiKey: KEY,
      model: "gpt-4o-mini",
      baseUrl: openai.baseUrl,
      timeoutMs: TIMEOUT_MS,
      ...extra,
    });

  it("sends the prompts and a strict JSON schema, and returns the plan, usage and model", async () => {
    const answer = await provider().generate(request);
    expect(answer).toEqual({
      plan,
      usage: { input_tokens: 1234, output_tokens: 567 },
      model: "gpt-4o-mini-2024-07-18",
    });
    expect(openai.requests).toHaveLength(1);
    const sent = openai.requests[0];
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers["content-type"]).toMatch(/^application\/json/);
    expect(sent.body?.model).toBe("gpt-4o-mini");
    expect(sent.body?.messages).toEqual([
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: userPrompt(request) },
    ]);
    const format = sent.body?.response_format as {
      type: string;
      json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
    };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.name).toBe("trip_plan");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema).not.toHaveProperty("$schema");
    expect(format.json_schema.schema).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["title", "summary", "tips", "days"],
    });
    expect(JSON.stringify(format.json_schema)).not.toContain("$schema");
  });

  it("sends the repair prompt with the problems of the previous answer", async () => {
    const problems = ["days[0].date: 2031-04-30 is outside the trip", "budget exceeded by 200 EUR"];
    await provider().generate(request, { repair: { previous: badPlan, problems } });
    const user = (openai.requests[0].body?.messages as { content: string }[])[1].content;
    expect(user).toBe(userPrompt(request, { previous: badPlan, problems }));
    expect(user).toContain("Your previous answer was not valid");
    for (const p of problems) expect(user).toContain(`- ${p}`);
  });

  it("returns a schema-violating plan unmodified (validation happens elsewhere)", async () => {
    openai.mode.plan = badPlan;
    const answer = await provider().generate(request);
    expect(answer.plan).toEqual(badPlan);
    expect(generatedPlanSchema.safeParse(answer.plan).success).toBe(false);
  });

  it("malformed JSON content -> invalid_output with usage, not retried", async () => {
    openai.mode.answer = "malformed";
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("invalid_output");
    expect(err.transient).toBe(false);
    expect(err.usage).toEqual({ input_tokens: 1234, output_tokens: 567 });
    expect(err.message).not.toContain("Lisbon");
    expect(openai.requests).toHaveLength(1);
  });

  it("a refusal or an answer cut off at the token limit -> invalid_output", async () => {
    openai.mode.answer = "refusal";
    const refused = await failure(provider().generate(request));
    expect(refused.code).toBe("invalid_output");
    expect(refused.message).toMatch(/refused/);
    openai.mode.answer = "truncated";
    const cut = await failure(provider().generate(request));
    expect(cut.code).toBe("invalid_output");
    expect(cut.message).toMatch(/cut off/);
    expect(openai.requests).toHaveLength(2);
  });

  it("a 200 whose body is not JSON -> invalid_output, not retried", async () => {
    openai.mode.answer = "not_json";
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("invalid_output");
    expect(err.message).not.toContain("html");
    expect(openai.requests).toHaveLength(1);
  });

  it("429 then success -> one retry after Retry-After", async () => {
    Object.assign(openai.mode, { failFirst: 1, failStatus: 429, retryAfter: 1 });
    const [answer, ms] = await timed(() => provider().generate(request));
    expect(answer.plan).toEqual(plan);
    expect(openai.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it("a Retry-After beyond 5 s is not waited for: transient failure after one call", async () => {
    Object.assign(openai.mode, { failFirst: 1, failStatus: 429, retryAfter: 30 });
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("provider_unavailable");
    expect(err.transient).toBe(true);
    expect(openai.requests).toHaveLength(1);
  });

  it("500 twice -> provider_unavailable after exactly 2 calls", async () => {
    Object.assign(openai.mode, { failFirst: 5, failStatus: 500 });
    const [err, ms] = await timed(() => failure(provider().generate(request)));
    expect(err.code).toBe("provider_unavailable");
    expect(err.transient).toBe(true);
    expect(err.message).toBe("openai: HTTP 500 simulated failure");
    expect(openai.requests.map((r) => r.status)).toEqual([500, 500]);
    expect(ms).toBeGreaterThanOrEqual(240); // the pause before the retry
  });

  it("a stalled server -> provider_timeout after two attempts of timeoutMs", async () => {
    openai.mode.stallMs = 5_000;
    const [err, ms] = await timed(() => failure(provider().generate(request)));
    expect(err.code).toBe("provider_timeout");
    expect(err.transient).toBe(true);
    expect(err.message).toBe(`openai: no answer within ${TIMEOUT_MS} ms`);
    expect(openai.requests).toHaveLength(2);
    // No upper bound on the clock: had the timeout not fired, the stalled double would have answered after
    // 5 s with a valid plan, and there would be no provider_timeout error.
    expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS + 200);
  });

  it("a body trickled one byte at a time -> provider_timeout (the timeout covers the body)", async () => {
    openai.mode.trickleMs = 100;
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("provider_timeout");
    expect(openai.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it("a trickled body cut off quietly at the timeout (as Deno's fetch does) is still a timeout", async () => {
    openai.mode.trickleMs = 100;
    const err = await failure(provider({ fetch: quietOnAbortFetch }).generate(request));
    expect(err.code).toBe("provider_timeout");
    expect(openai.requests).toHaveLength(2);
  });

  it("nothing listening -> provider_unavailable (network error) after one retry", async () => {
    const closed = await startLlmDouble("openai", KEY);
    await closed.close();
    let calls = 0;
    const counting: typeof fetch = (input, init) => (calls++, fetch(input, init));
    const err = await failure(provider({ baseUrl: closed.baseUrl, fetch: counting }).generate(request));
    expect(err.code).toBe("provider_unavailable");
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/^openai: network error/);
    expect(calls).toBe(2);
  });

  it("a wrong key -> provider_rejected after one call, without echoing the key", async () => {
    const err = await failure(provider({ apiKey: "sk-wrong-key-fedcba9876543210" }).generate(request));
    expect(err.code).toBe("provider_rejected");
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/^openai: HTTP 401 /);
    expect(err.message).not.toContain("sk-wrong-key-fedcba9876543210");
    expect(err.message.length).toBeLessThanOrEqual(250);
    expect(openai.requests).toHaveLength(1);
  });

  it("the caller aborting -> stops at once, no retry", async () => {
    openai.mode.stallMs = 5_000;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(
      provider({ timeoutMs: 2_000 }).generate(request, { signal: controller.signal }),
    );
    // Not transient and one request: the caller's abort ended it (the 2 s timeout would be transient and
    // retried).
    expect(err.code).toBe("provider_timeout");
    expect(err.transient).toBe(false);
    expect(openai.requests).toHaveLength(1);
  });

  it("the caller aborting during the pause before the retry -> no retry", async () => {
    Object.assign(openai.mode, { failFirst: 5, failStatus: 503 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100); // the 503 is back at once; the retry would come at 250 ms
    const err = await failure(provider().generate(request, { signal: controller.signal }));
    expect(err.transient).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(openai.requests.map((r) => r.status)).toEqual([503]);
  });

  it("an already aborted signal -> no call at all", async () => {
    const err = await failure(provider().generate(request, { signal: AbortSignal.abort() }));
    expect(err.transient).toBe(false);
    expect(openai.requests).toHaveLength(0);
  });
});

describe("OpenAI-compatible endpoint", () => {
  it("no key: no Authorization header; JSON mode with the schema in the system message", async () => {
    const provider = createOpenAIProvider({
      name: "openai_compatible",
      model: "llama3.1:8b",
      baseUrl: local.baseUrl,
      timeoutMs: TIMEOUT_MS,
      structuredOutputs: false,
    });
    local.mode.answer = "fenced";
    local.mode.model = "llama3.1:8b";
    const answer = await provider.generate(request);
    expect(provider.name).toBe("openai_compatible");
    expect(answer).toEqual({ plan, usage: { input_tokens: 1234, output_tokens: 567 }, model: "llama3.1:8b" });
    const sent = local.requests[0];
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body?.response_format).toEqual({ type: "json_object" });
    const [system] = sent.body?.messages as { role: string; content: string }[];
    expect(system.role).toBe("system");
    expect(system.content.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(system.content).toContain('"additionalProperties":false');
    expect(system.content).not.toContain("$schema");
  });

  it("errors are prefixed with the provider name", async () => {
    local.mode.answer = "malformed";
    const provider = createOpenAIProvider({
      name: "openai_compatible",
      model: "m",
      baseUrl: `${local.baseUrl}/`,
      timeoutMs: TIMEOUT_MS,
    });
    const err = await failure(provider.generate(request));
    expect(err.code).toBe("invalid_output");
    expect(err.message).toMatch(/^openai_compatible: /);
  });
});

describe("Anthropic", () => {
  const provider = (extra: Partial<Parameters<typeof createAnthropicProvider>[0]> = {}) =>
    createAnthropicProvider({
      apiKey: KEY,
      model: "claude-sonnet-4-5",
      baseUrl: anthropic.baseUrl,
      timeoutMs: TIMEOUT_MS,
      ...extra,
    });

  it("forces the plan tool and returns its input, usage and model", async () => {
    const answer = await provider().generate(request);
    expect(answer).toEqual({
      plan,
      usage: { input_tokens: 1234, output_tokens: 567 },
      model: "claude-sonnet-4-5-20250929",
    });
    expect(anthropic.requests).toHaveLength(1);
    const sent = anthropic.requests[0];
    expect(sent.path).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe(KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 8000,
      system: SYSTEM_PROMPT,
      messages: [{ role: "user", content: userPrompt(request) }],
      tool_choice: { type: "tool", name: "save_trip_plan" },
    });
    const tools = sent.body?.tools as { name: string; description: string; input_schema: object }[];
    expect(tools).toHaveLength(1);
    expect(tools[0].name).toBe("save_trip_plan");
    expect(tools[0].description.length).toBeGreaterThan(10);
    expect(tools[0].input_schema).not.toHaveProperty("$schema");
    expect(tools[0].input_schema).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("sends maxTokens and the repair prompt", async () => {
    const problems = ["days: expected 2 days, got 1"];
    await provider({ maxTokens: 4096 }).generate(request, { repair: { previous: {}, problems } });
    expect(anthropic.requests[0].body?.max_tokens).toBe(4096);
    const [message] = anthropic.requests[0].body?.messages as { content: string }[];
    expect(message.content).toContain("- days: expected 2 days, got 1");
  });

  it("returns a schema-violating tool input unmodified", async () => {
    anthropic.mode.plan = badPlan;
    expect((await provider().generate(request)).plan).toEqual(badPlan);
  });

  it("no tool call -> invalid_output with usage, not retried", async () => {
    anthropic.mode.answer = "malformed";
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("invalid_output");
    expect(err.transient).toBe(false);
    expect(err.usage).toEqual({ input_tokens: 1234, output_tokens: 567 });
    expect(anthropic.requests).toHaveLength(1);
  });

  it("cut off at max_tokens -> invalid_output", async () => {
    anthropic.mode.answer = "truncated";
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("invalid_output");
    expect(err.message).toMatch(/max_tokens/);
  });

  it("529 overloaded then success -> one retry", async () => {
    Object.assign(anthropic.mode, { failFirst: 1, failStatus: 529 });
    const answer = await provider().generate(request);
    expect(answer.plan).toEqual(plan);
    expect(anthropic.requests.map((r) => r.status)).toEqual([529, 200]);
  });

  it("429 twice -> provider_unavailable after exactly 2 calls", async () => {
    Object.assign(anthropic.mode, { failFirst: 5, failStatus: 429, retryAfter: 0 });
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("provider_unavailable");
    expect(err.transient).toBe(true);
    expect(err.message).toBe("anthropic: HTTP 429 simulated failure");
    expect(anthropic.requests).toHaveLength(2);
  });

  it("a stalled server -> provider_timeout after two attempts", async () => {
    anthropic.mode.stallMs = 5_000;
    const [err, ms] = await timed(() => failure(provider().generate(request)));
    expect(err.code).toBe("provider_timeout");
    expect(anthropic.requests).toHaveLength(2);
    // No upper bound on the clock: had the timeout not fired, the stalled double would have answered after
    // 5 s with a valid plan, and there would be no provider_timeout error.
    expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS + 200);
  });

  it("a trickled body -> provider_timeout", async () => {
    anthropic.mode.trickleMs = 100;
    const err = await failure(provider().generate(request));
    expect(err.code).toBe("provider_timeout");
    expect(anthropic.requests).toHaveLength(2);
  });

  it("a wrong key -> provider_rejected after one call, without echoing the key", async () => {
    const err = await failure(provider({ apiKey: "sk-ant-wrong-key-42" }).generate(request));
    expect(err.code).toBe("provider_rejected");
    expect(err.transient).toBe(false);
    expect(err.message).not.toContain("sk-ant-wrong-key-42");
    expect(anthropic.requests).toHaveLength(1);
  });

  it("the caller aborting -> no retry", async () => {
    anthropic.mode.stallMs = 5_000;
    const err = await failure(provider().generate(request, { signal: AbortSignal.timeout(100) }));
    expect(err.code).toBe("provider_timeout");
    expect(err.transient).toBe(false);
    expect(anthropic.requests).toHaveLength(1);
  });
});

describe("providerFromEnv", () => {
  const expectName = (env: Record<string, string | undefined>, name: string) =>
    expect(providerFromEnv(env).name).toBe(name);

  it("PLAN_PROVIDER unset: OpenAI if its key is set, else Anthropic, else offline", () => {
    expectName({ OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" }, "openai");
    expectName({ ANTHROPIC_API_KEY: "k" }, "anthropic");
    expectName({ OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "k" }, "anthropic");
    expectName({}, "offline");
  });

  it("PLAN_PROVIDER picks explicitly", () => {
    expectName({ PLAN_PROVIDER: "anthropic", OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" }, "anthropic");
    expectName({ PLAN_PROVIDER: "openai", OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" }, "openai");
    expectName(
      { PLAN_PROVIDER: "openai_compatible", LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "m" },
      "openai_compatible",
    );
  });

  it("a missing or malformed setting fails, naming the variable", () => {
    const fails = (env: Record<string, string | undefined>, variable: string) =>
      expect(() => providerFromEnv(env)).toThrow(variable);
    fails({ PLAN_PROVIDER: "openai" }, "OPENAI_API_KEY");
    fails({ PLAN_PROVIDER: "openai", OPENAI_API_KEY: "  " }, "OPENAI_API_KEY");
    fails({ PLAN_PROVIDER: "anthropic", OPENAI_API_KEY: "k" }, "ANTHROPIC_API_KEY");
    fails({ PLAN_PROVIDER: "openai_compatible", LLM_MODEL: "m" }, "LLM_BASE_URL");
    fails({ PLAN_PROVIDER: "openai_compatible", LLM_BASE_URL: "http://127.0.0.1:1/v1" }, "LLM_MODEL");
    fails(
      { PLAN_PROVIDER: "openai_compatible", LLM_BASE_URL: "localhost:11434", LLM_MODEL: "m" },
      "LLM_BASE_URL",
    );
    fails({ PLAN_PROVIDER: "gpt" }, "PLAN_PROVIDER");
    fails({ OPENAI_API_KEY: "k", PLAN_PROVIDER_TIMEOUT_MS: "soon" }, "PLAN_PROVIDER_TIMEOUT_MS");
    fails({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "api.openai.com" }, "OPENAI_BASE_URL");
    const err = (() => {
      try {
        providerFromEnv({ PLAN_PROVIDER: "openai_compatible", LLM_MODEL: "secret-model-name" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).not.toContain("secret-model-name");
  });

  it("OpenAI from env: key, model and base URL reach the API", async () => {
    const provider = providerFromEnv({
      OPENAI_API_KEY: KEY,
      OPENAI_MODEL: "gpt-4.1",
      OPENAI_BASE_URL: openai.baseUrl,
    });
    expect((await provider.generate(request)).plan).toEqual(plan);
    expect(openai.requests[0].body?.model).toBe("gpt-4.1");
    expect(openai.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("OpenAI from env defaults to gpt-4o-mini; Anthropic to claude-sonnet-4-5", async () => {
    await providerFromEnv({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openai.baseUrl }).generate(request);
    expect(openai.requests[0].body?.model).toBe("gpt-4o-mini");
    await providerFromEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: anthropic.baseUrl }).generate(
      request,
    );
    expect(anthropic.requests[0].body?.model).toBe("claude-sonnet-4-5");
    expect(anthropic.requests[0].headers["x-api-key"]).toBe(KEY);
  });

  it("OpenAI-compatible from env: optional key, LLM_STRUCTURED_OUTPUTS=false uses JSON mode", async () => {
    const keyless = providerFromEnv({
      PLAN_PROVIDER: "openai_compatible",
      LLM_BASE_URL: local.baseUrl,
      LLM_MODEL: "qwen2.5:14b",
      LLM_STRUCTURED_OUTPUTS: "false",
    });
    expect((await keyless.generate(request)).plan).toEqual(plan);
    expect(local.requests[0].body?.model).toBe("qwen2.5:14b");
    expect(local.requests[0].body?.response_format).toEqual({ type: "json_object" });
    expect(local.requests[0].headers.authorization).toBeUndefined();

    const keyed = providerFromEnv({
      PLAN_PROVIDER: "openai_compatible",
      LLM_BASE_URL: openai.baseUrl,
      LLM_API_KEY: KEY,
      LLM_MODEL: "m",
    });
    await keyed.generate(request);
    expect(openai.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect((openai.requests[0].body?.response_format as { type: string }).type).toBe("json_schema");
  });

  it("PLAN_PROVIDER_TIMEOUT_MS bounds each attempt", async () => {
    anthropic.mode.stallMs = 5_000;
    const provider = providerFromEnv({
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      PLAN_PROVIDER_TIMEOUT_MS: "200",
    });
    const err = await failure(provider.generate(request));
    expect(err.message).toBe("anthropic: no answer within 200 ms");
  });
});
