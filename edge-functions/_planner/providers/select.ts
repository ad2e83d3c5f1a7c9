// Which plan provider a function uses, from its env. PLAN_PROVIDER picks one explicitly; unset, the first
// provider with a key wins (OpenAI, then Anthropic), else the offline planner, so a fresh local stack works
// without any key. A setting an explicitly chosen provider needs fails fast, naming the variable (never
// its value).
import { createOfflineProvider } from "../offline/provider.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createOpenAIProvider } from "./openai.ts";
import type { PlanProvider } from "./provider.ts";

export const PLAN_PROVIDERS = ["offline", "openai", "anthropic", "openai_compatible"] as const;
export type PlanProviderName = typeof PLAN_PROVIDERS[number];

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";

export function providerFromEnv(source: Record<string, string | undefined>): PlanProvider {
  // Empty counts as unset, the way `supabase secrets set FOO=` leaves it.
  const get = (name: string) => source[name]?.trim() || undefined;
  const need = (name: string, why: string) => {
    const value = get(name);
    if (!value) throw new Error(`${name} is required ${why}`);
    return value;
  };
  const url = (name: string) => {
    const value = get(name);
    if (value !== undefined && !/^https?:\/\/[^/\s]+/.test(value)) {
      throw new Error(`${name} must be an http(s) URL`);
    }
    return value;
  };

  const chosen = get("PLAN_PROVIDER");
  if (chosen !== undefined && !(PLAN_PROVIDERS as readonly string[]).includes(chosen)) {
    throw new Error(`PLAN_PROVIDER must be one of ${PLAN_PROVIDERS.join(", ")}`);
  }
  const name = (chosen as PlanProviderName | undefined) ??
    (get("OPENAI_API_KEY") ? "openai" : get("ANTHROPIC_API_KEY") ? "anthropic" : "offline");

  let timeoutMs: number | undefined;
  const rawTimeout = get("PLAN_PROVIDER_TIMEOUT_MS");
  if (rawTimeout !== undefined) {
    timeoutMs = Number(rawTimeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new Error("PLAN_PROVIDER_TIMEOUT_MS must be a positive whole number of milliseconds");
    }
  }

  switch (name) {
    case "offline":
      return createOfflineProvider();
    case "openai":
      return createOpenAIProvider({
        apiKey: need("OPENAI_API_KEY", "when PLAN_PROVIDER=openai"),
        model: get("OPENAI_MODEL") ?? DEFAULT_OPENAI_MODEL,
        baseUrl: url("OPENAI_BASE_URL"),
        timeoutMs,
      });
    case "anthropic":
      return createAnthropicProvider({
        apiKey: need("ANTHROPIC_API_KEY", "when PLAN_PROVIDER=anthropic"),
        model: get("ANTHROPIC_MODEL") ?? DEFAULT_ANTHROPIC_MODEL,
        baseUrl: url("ANTHROPIC_BASE_URL"),
        timeoutMs,
      });
    case "openai_compatible": {
      const baseUrl = url("LLM_BASE_URL") ?? need("LLM_BASE_URL", "when PLAN_PROVIDER=openai_compatible");
      const structured = get("LLM_STRUCTURED_OUTPUTS");
      if (structured !== undefined && structured !== "true" && structured !== "false") {
        throw new Error("LLM_STRUCTURED_OUTPUTS must be true or false");
      }
      return createOpenAIProvider({
        name: "openai_compatible",
        apiKey: get("LLM_API_KEY"),
        model: need("LLM_MODEL", "when PLAN_PROVIDER=openai_compatible"),
        baseUrl,
        timeoutMs,
        structuredOutputs: structured !== "false",
      });
    }
  }
}
