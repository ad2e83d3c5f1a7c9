// Anthropic's Messages API. The plan comes back as the input of a forced tool call whose input schema is
// the plan schema: the tool is never run, it is how Claude is made to answer in a given JSON shape.
import { SYSTEM_PROMPT, userPrompt } from "../prompt.ts";
import { postJson, providerPlanSchema, tokenCount } from "./http.ts";
import { type PlanProvider, PlanProviderError, type TokenUsage } from "./provider.ts";

export interface AnthropicOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
  /** Bound of one attempt; a transient failure is retried once. */
  timeoutMs?: number;
  maxTokens?: number;
  fetch?: typeof fetch;
}

export const PLAN_TOOL = "save_trip_plan";

interface MessagesResponse {
  model?: unknown;
  content?: { type?: unknown; name?: unknown; input?: unknown }[];
  stop_reason?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown };
}

export function createAnthropicProvider(options: AnthropicOptions): PlanProvider {
  const base = (options.baseUrl ?? "https://api.anthropic.com").replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxTokens = options.maxTokens ?? 8000;
  return {
    name: "anthropic",
    async generate(request, generateOptions = {}) {
      const body = await postJson({
        provider: "anthropic",
        url: `${base}/v1/messages`,
        headers: { "x-api-key": options.apiKey, "anthropic-version": "2023-06-01" },
        body: {
          model: options.model,
          max_tokens: maxTokens,
          system: SYSTEM_PROMPT,
          messages: [{ role: "user", content: userPrompt(request, generateOptions.repair) }],
          tools: [{
            name: PLAN_TOOL,
            description:
              "Save the complete trip plan for the traveller. Call it exactly once with the whole plan.",
            input_schema: providerPlanSchema,
          }],
          tool_choice: { type: "tool", name: PLAN_TOOL },
        },
        timeoutMs,
        onCall: generateOptions.onCall,
        signal: generateOptions.signal,
        fetch: options.fetch,
        secrets: [options.apiKey],
      }) as MessagesResponse | null;

      const usage: TokenUsage = {
        input_tokens: tokenCount(body?.usage?.input_tokens),
        output_tokens: tokenCount(body?.usage?.output_tokens),
      };
      const model = typeof body?.model === "string" && body.model ? body.model : options.model;
      const invalid = (why: string) =>
        new PlanProviderError("invalid_output", `anthropic: ${why}`, false, usage);
      // A tool call cut off by max_tokens carries a partial plan: no repair prompt can fix that.
      if (body?.stop_reason === "max_tokens") {
        throw invalid(`the answer was cut off at max_tokens (${maxTokens})`);
      }
      const call = Array.isArray(body?.content)
        ? body.content.find((block) => block?.type === "tool_use")
        : undefined;
      if (!call) throw invalid(`the answer has no ${PLAN_TOOL} tool call`);
      if (call.input === null || typeof call.input !== "object") {
        throw invalid("the tool call has no input object");
      }
      return { plan: call.input, usage, model };
    },
  };
}
