// Which plan provider a function uses, from its env. PLAN_PROVIDER picks one explicitly; unset, the first
// provider with a key wins (OpenAI, then Anthropic), else the offline planner, so a fresh local stack works
// without any key. The variables are read through the env registry (formats checked there); a setting
// an explicitly chosen provider needs fails fast, naming the variable (never its value).
import type { EnvSource } from "../../_shared/env.ts";
import { PLAN_PROVIDERS, readEnv } from "../../_shared/secrets.ts";
import { createOfflineProvider } from "../offline/provider.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createOpenAIProvider } from "./openai.ts";
import type { PlanProvider } from "./provider.ts";

export { PLAN_PROVIDERS };
export type PlanProviderName = typeof PLAN_PROVIDERS[number];

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";

/** The variables the selection reads; their formats are checked by the registry (_shared/secrets.ts). */
export const PLAN_ENV = [
  "PLAN_PROVIDER",
  "PLAN_PROVIDER_TIMEOUT_MS",
  "OPENAI_API_KEY",
  "OPENAI_MODEL",
  "OPENAI_BASE_URL",
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_MODEL",
  "ANTHROPIC_BASE_URL",
  "LLM_BASE_URL",
  "LLM_API_KEY",
  "LLM_MODEL",
  "LLM_STRUCTURED_OUTPUTS",
] as const;

export function providerFromEnv(source: EnvSource): PlanProvider {
  const env = readEnv(PLAN_ENV, source);
  // What depends on the chosen provider is checked here; formats were checked by the registry.
  const need = <K extends keyof typeof env>(name: K, why: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`${name} is required ${why}`);
    return value;
  };
  const name: PlanProviderName = env.PLAN_PROVIDER ??
    (env.OPENAI_API_KEY ? "openai" : env.ANTHROPIC_API_KEY ? "anthropic" : "offline");
  const timeoutMs = env.PLAN_PROVIDER_TIMEOUT_MS;

  switch (name) {
    case "offline":
      return createOfflineProvider();
    case "openai":
      return createOpenAIProvider({
        apiKey: need("OPENAI_API_KEY", "when PLAN_PROVIDER=openai"),
        model: env.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL,
        baseUrl: env.OPENAI_BASE_URL,
        timeoutMs,
      });
    case "anthropic":
      return createAnthropicProvider({
        apiKey: need("ANTHROPIC_API_KEY", "when PLAN_PROVIDER=anthropic"),
        model: env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL,
        baseUrl: env.ANTHROPIC_BASE_URL,
        timeoutMs,
      });
    case "openai_compatible":
      return createOpenAIProvider({
        name: "openai_compatible",
        apiKey: env.LLM_API_KEY,
        model: need("LLM_MODEL", "when PLAN_PROVIDER=openai_compatible"),
        baseUrl: need("LLM_BASE_URL", "when PLAN_PROVIDER=openai_compatible"),
        timeoutMs,
        structuredOutputs: env.LLM_STRUCTURED_OUTPUTS !== "false",
      });
  }
}
