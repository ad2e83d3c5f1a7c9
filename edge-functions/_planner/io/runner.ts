// Runs one generation job: provider call, validation (one repair attempt), save; reports progress through
// `emit` (the SSE stream, or nothing for 202 + polling). Every failure ends the job cleanly: the job row
// says why and the quota unit goes back (the provider calls it made stay counted). Never throws.
import type { Sql } from "../../_shared/db.ts";
import type { UserClaims } from "../../_shared/jwt.ts";
import type { Logger } from "../../_shared/log.ts";
import { lookupDestination } from "../../_geo/gazetteer.ts";
import { renderPlanMarkdown } from "../markdown.ts";
import { type PlanProvider, PlanProviderError, type TokenUsage } from "../providers/provider.ts";
import { redactPrivateText } from "../private-text.ts";
import { savePlan } from "./save.ts";
import type { GenerateRequest } from "../schema.ts";
import { validatePlan } from "../validate.ts";

export type { GenerationEvent } from "../../_contract/index.ts";
import type { GenerationEvent } from "../../_contract/index.ts";

export interface RunnerDeps {
  sql: Sql;
  provider: PlanProvider;
  log: Logger;
}

export interface Job {
  id: string;
  claims: UserClaims;
  request: GenerateRequest;
  /** Absolute deadline (ms since epoch) from the job row; the run is aborted there. */
  deadline: number;
  /** The job row is still `queued` (not created running): mark it running first. */
  queued?: boolean;
}

class JobFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function runGeneration(
  deps: RunnerDeps,
  job: Job,
  emit: (e: GenerationEvent) => void,
): Promise<void> {
  const log = deps.log.child({ job_id: job.id, provider: deps.provider.name });
  const usage: TokenUsage & { provider_calls: number } = {
    input_tokens: 0,
    output_tokens: 0,
    provider_calls: 0,
  };
  const signal = AbortSignal.timeout(Math.max(1, job.deadline - Date.now()));
  let model = deps.provider.name;
  try {
    // The job is created running by the function that runs it; a queued one (a future worker's) is marked
    // running here, and refused once its deadline has passed.
    if (job.queued) {
      const [running] = await deps.sql<
        { ok: boolean }[]
      >`select private.mark_generation_running(${job.id}) as ok`;
      if (!running.ok) throw new JobFailure("timeout", "The generation did not start in time");
    }

    let previous: unknown;
    let problems: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      emit({ type: "prompting", job_id: job.id, attempt });
      let answer;
      try {
        answer = await deps.provider.generate(job.request, {
          signal,
          repair: attempt > 1 ? { previous, problems } : undefined,
          // Every request counts, retries and failed ones included: it is what the provider bills.
          onCall: () => void usage.provider_calls++,
        });
      } catch (err) {
        if (err instanceof PlanProviderError && err.usage) addUsage(usage, err.usage);
        // Malformed output (not JSON, a refusal, no tool call) gets the same one repair attempt as an
        // answer that breaks the schema.
        if (err instanceof PlanProviderError && err.code === "invalid_output" && attempt === 1) {
          previous = null;
          problems = [`your answer could not be used: ${err.message}. Answer with the JSON plan only.`];
          log.warn("provider answer unusable", { attempt, error: err.message });
          continue;
        }
        throw err;
      }
      addUsage(usage, answer.usage);
      model = answer.model;
      emit({ type: "validating", job_id: job.id, attempt });
      const check = validatePlan(answer.plan, job.request);
      if (check.ok) {
        emit({ type: "saving", job_id: job.id });
        const place = lookupDestination(job.request.destination);
        // The accessibility needs are the owner's alone: whatever the model repeated of them is redacted
        // before anything reaches the plan's public columns.
        const { plan, count: redacted } = redactPrivateText(check.plan, job.request.accessibility_needs);
        if (redacted) log.warn("provider repeated private text; redacted", { fields: redacted });
        const planId = await savePlan(deps.sql, {
          jobId: job.id,
          claims: job.claims,
          request: job.request,
          plan,
          markdown: renderPlanMarkdown(plan, job.request),
          countryCode: place?.countryCode ?? null,
          timezone: place?.timezone ?? "UTC",
          usage,
          provider: deps.provider.name,
          model,
        });
        log.info("plan generated", { plan_id: planId, ...usage });
        emit({ type: "done", job_id: job.id, plan_id: planId });
        return;
      }
      previous = answer.plan;
      problems = check.problems;
      log.warn("provider answer invalid", { attempt, problems: problems.slice(0, 5) });
    }
    throw new JobFailure("invalid_plan", "The planner could not produce a valid plan; please try again");
  } catch (err) {
    let code = "internal_error";
    let message = "Something went wrong while planning";
    if (err instanceof JobFailure) ({ code, message } = err);
    else if (err instanceof PlanProviderError) {
      code = err.code === "invalid_output" ? "invalid_plan" : err.code;
      message = err.code === "provider_timeout"
        ? "The planner took too long"
        : err.code === "invalid_output"
        ? "The planner answered something that is not a plan"
        : "The planner is not available right now";
    } else if (signal.aborted) {
      code = "timeout";
      message = "The generation did not finish in time";
    } else log.error("generation failed", { err });
    if (code !== "internal_error") {
      log.warn("generation failed", { code, error: String((err as Error).message) });
    }
    try {
      await deps.sql`select private.finish_generation_failure(${job.id}, ${code}, ${message}, ${
        deps.sql.json(usage as never)
      })`;
    } catch (dbErr) {
      // The deadline sweeper will fail the job and release the quota.
      log.error("could not record the failure", { err: dbErr });
    }
    emit({ type: "error", job_id: job.id, code, message });
  }
}

function addUsage(total: TokenUsage, more: TokenUsage) {
  total.input_tokens += more.input_tokens;
  total.output_tokens += more.output_tokens;
}
