// The offline planner behind the PlanProvider interface (see plan.ts for how a plan is built).
import { type GenerateOptions, type PlanProvider, PlanProviderError } from "../providers/provider.ts";
import type { GeneratedPlan, GenerateRequest } from "../schema.ts";
import { planOffline } from "./plan.ts";

export const OFFLINE_MODEL = "tripmaster-offline-1";

/** The offline planner behind the PlanProvider interface: no network, no tokens. */
export function createOfflineProvider(): PlanProvider {
  return {
    name: "offline",
    generate(request: GenerateRequest, options: GenerateOptions = {}) {
      const cancelled = () =>
        new PlanProviderError("provider_timeout", "offline: cancelled by the caller", false);
      if (options.signal?.aborted) return Promise.reject(cancelled());
      let plan: GeneratedPlan;
      options.onCall?.();
      try {
        plan = planOffline(request);
      } catch (err) {
        return Promise.reject(
          new PlanProviderError(
            "invalid_output",
            `offline: could not build a plan (${(err as Error).message})`,
            false,
          ),
        );
      }
      if (options.signal?.aborted) return Promise.reject(cancelled());
      return Promise.resolve({ plan, usage: { input_tokens: 0, output_tokens: 0 }, model: OFFLINE_MODEL });
    },
  };
}
