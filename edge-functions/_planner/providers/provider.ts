// One interface, several providers (OpenAI, Anthropic, any OpenAI-compatible endpoint, the offline
// planner). A provider turns a request into raw JSON; validation happens outside, the same for all.
import { UpstreamError } from "../../_shared/upstream.ts";
import type { GenerateRequest } from "../schema.ts";

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface ProviderAnswer {
  /** Parsed JSON as the model produced it: not validated yet. */
  plan: unknown;
  usage: TokenUsage;
  model: string;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Set on the repair attempt: the previous answer and what was wrong with it. */
  repair?: { previous: unknown; problems: string[] };
  /** Called once for every request sent to the provider, retries included (the offline planner: once per
   * plan), so spend is counted exactly even when the call then fails. */
  onCall?: () => void;
}

export interface PlanProvider {
  readonly name: string;
  generate(request: GenerateRequest, options?: GenerateOptions): Promise<ProviderAnswer>;
}

/** A provider failure: `transient` ones (429, 5xx, timeouts, network) are retried once. `code` is stable
 * and safe to show (provider_unavailable, provider_timeout, provider_rejected, invalid_output). One kind of
 * UpstreamError: `retryable` is `transient`. */
export class PlanProviderError extends UpstreamError {
  override name = "PlanProviderError";
  constructor(
    readonly code: "provider_unavailable" | "provider_timeout" | "provider_rejected" | "invalid_output",
    message: string,
    readonly transient: boolean,
    readonly usage?: TokenUsage,
    upstream: { status?: number; retryAfterMs?: number } = {},
  ) {
    super("llm", message, { retryable: transient, ...upstream });
  }
}
