// OpenAI chat completions with Structured Outputs (a strict JSON schema derived from the zod plan schema).
// The same client serves any OpenAI-compatible endpoint (a local model server, a gateway): base URL, key
// and model are options, and `structuredOutputs: false` falls back to JSON mode with the schema in the
// prompt for servers that do not support `json_schema`.
import { SYSTEM_PROMPT, userPrompt } from "../prompt.ts";
import { postJson, providerPlanSchema, tokenCount } from "./http.ts";

// OpenAI's strict structured outputs accept a subset of JSON Schema; string length bounds are not in it.
// They are dropped from OpenAI's copy only (our own validation still applies them), and a string that has
// a `format` loses its regex `pattern` (zod's date regex is long and the format says the same).
const STRICT_DROP = new Set(["minLength", "maxLength"]);
function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (STRICT_DROP.has(k)) continue;
    if (k === "pattern" && "format" in node) continue;
    out[k] = strictSchema(v);
  }
  return out;
}
export const openAiStrictSchema = strictSchema(providerPlanSchema) as Record<string, unknown>;
import { type PlanProvider, PlanProviderError, type TokenUsage } from "./provider.ts";

export interface OpenAIOptions {
  /** Omitted (or empty) for local servers without authentication: no Authorization header is sent. */
  apiKey?: string;
  model: string;
  baseUrl?: string;
  /** Bound of one attempt; a transient failure is retried once. */
  timeoutMs?: number;
  /** "openai", or "openai_compatible" for other endpoints. */
  name?: string;
  fetch?: typeof fetch;
  /** false: `response_format: { type: "json_object" }` and the schema in the system message. */
  structuredOutputs?: boolean;
}

interface ChatCompletion {
  model?: unknown;
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

export function createOpenAIProvider(options: OpenAIOptions): PlanProvider {
  const name = options.name ?? "openai";
  const base = (options.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const structured = options.structuredOutputs ?? true;
  const system = structured ? SYSTEM_PROMPT : `${SYSTEM_PROMPT}\n\nAnswer with one JSON object that ` +
    `matches this JSON schema exactly, and nothing else:\n${JSON.stringify(providerPlanSchema)}`;
  const responseFormat = structured
    ? { type: "json_schema", json_schema: { name: "trip_plan", strict: true, schema: openAiStrictSchema } }
    : { type: "json_object" };
  return {
    name,
    async generate(request, generateOptions = {}) {
      const body = await postJson({
        provider: name,
        url: `${base}/chat/completions`,
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        body: {
          model: options.model,
          messages: [
            { role: "system", content: system },
            { role: "user", content: userPrompt(request, generateOptions.repair) },
          ],
          response_format: responseFormat,
        },
        timeoutMs,
        signal: generateOptions.signal,
        onCall: generateOptions.onCall,
        fetch: options.fetch,
        secrets: options.apiKey ? [options.apiKey] : [],
      }) as ChatCompletion | null;

      const usage: TokenUsage = {
        input_tokens: tokenCount(body?.usage?.prompt_tokens),
        output_tokens: tokenCount(body?.usage?.completion_tokens),
      };
      const model = typeof body?.model === "string" && body.model ? body.model : options.model;
      const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
      const message = choice?.message;
      const invalid = (why: string) =>
        new PlanProviderError("invalid_output", `${name}: ${why}`, false, usage);
      if (typeof message?.refusal === "string" && message.refusal) {
        throw invalid(`the model refused: ${message.refusal.slice(0, 200)}`);
      }
      if (typeof message?.content !== "string" || !message.content.trim()) {
        throw invalid("the answer has no content");
      }
      const plan = parseJson(message.content);
      if (plan === undefined) {
        throw invalid(
          choice?.finish_reason === "length"
            ? "the answer was cut off at the output token limit"
            : "the answer is not valid JSON",
        );
      }
      return { plan, usage, model };
    },
  };
}

/** JSON.parse, tolerating the ```json fence some OpenAI-compatible servers wrap JSON-mode answers in. */
function parseJson(content: string): unknown {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(content);
  try {
    return JSON.parse(fenced ? fenced[1] : content);
  } catch {
    return undefined;
  }
}
