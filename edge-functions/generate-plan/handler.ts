// POST /generate-plan            start a generation: 202 { job_id, status_url } at once, or, with
//                                Accept: text/event-stream, a stream of progress events until done/error
// GET  /generate-plan/jobs/<id>  the job's status (the caller's own jobs only, through RLS)
// Bad bodies get 400 with field errors and nothing is written; over the rate limit 429 + Retry-After;
// out of monthly quota 402.
import {
  type GenerateRequest,
  generateRequestSchema,
  type GenerationEvent,
  type GenerationJob,
  generationJobSchema,
  type GenerationStarted,
} from "../_contract/index.ts";
import { readPlanDocument } from "../_plans/document.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import { badRequest, HttpError, jsonResponse, methodNotAllowed, notFound } from "../_shared/errors.ts";
import { createFunction, readJson } from "../_shared/http.ts";
import { type JwtVerifier, requireUser } from "../_shared/jwt.ts";
import type { Logger } from "../_shared/log.ts";
import type { PlanProvider } from "../_planner/providers/provider.ts";
import { runGeneration } from "../_planner/io/runner.ts";

export interface GeneratePlanDeps {
  sql: Sql;
  provider: PlanProvider;
  verify: JwtVerifier;
  logger?: Logger;
  /** Keeps background work alive after the response (EdgeRuntime.waitUntil on hosted). */
  waitUntil?: (work: Promise<unknown>) => void;
  /** Today's date (UTC, YYYY-MM-DD); injectable for tests. */
  today?: () => string;
}

type JobRow = {
  id: string;
  status: string;
  plan_id: string | null;
  error_code: string | null;
  error_message: string | null;
  provider: string | null;
  model: string | null;
  usage: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  deadline_at: Date;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createGeneratePlanHandler(deps: GeneratePlanDeps) {
  const schema = generateRequestSchema(deps.today);
  const waitUntil = deps.waitUntil ?? ((work: Promise<unknown>) => void work);

  return createFunction("generate-plan", async (req, { log }) => {
    const path = new URL(req.url).pathname.replace(/^\/generate-plan/, "").replace(/\/+$/, "");
    const claims = await requireUser(req, deps.verify);

    const jobMatch = path.match(/^\/jobs\/([^/]+)$/);
    if (jobMatch) {
      if (req.method !== "GET") throw methodNotAllowed(["GET"]);
      if (!UUID.test(jobMatch[1])) throw badRequest("The job id is not a uuid");
      // Read as the user (RLS): their own job; once it succeeded, the plan document every read path returns.
      const [job] = await asUser(deps.sql, claims, (tx) =>
        tx<JobRow[]>`
          select j.id, j.status, j.plan_id, j.error_code, j.error_message, j.provider, j.model, j.usage,
            j.created_at, j.started_at, j.finished_at, j.deadline_at
          from public.plan_generation_jobs j where j.id = ${jobMatch[1]}`);
      if (!job) throw notFound("No such job");
      const { error_code, error_message, ...rest } = job;
      const plan = job.plan_id ? await readPlanDocument(deps.sql, claims, job.plan_id) : null;
      // The answer is checked against the contract (dates become ISO strings, as JSON carries them).
      const answer: GenerationJob = generationJobSchema.parse(JSON.parse(JSON.stringify({
        ...rest,
        error: error_code ? { code: error_code, message: error_message ?? "" } : null,
        plan,
      })));
      return jsonResponse(answer);
    }
    if (path !== "") throw notFound();
    if (req.method !== "POST") throw methodNotAllowed(["POST"]);

    const request: GenerateRequest = await readJson(req, schema);
    let started;
    try {
      [started] = await deps.sql<
        {
          job_id: string | null;
          error_code: string | null;
          retry_after_seconds: number | null;
          quota_limit: number | null;
          deadline_at: Date | null;
        }[]
      >`select job_id, error_code, retry_after_seconds, quota_limit, deadline_at
          from private.start_plan_generation(${claims.sub}, ${deps.sql.json(request as never)}, true)`;
    } catch (err) {
      if ((err as { code?: string }).code === "42501") {
        throw new HttpError(403, "account_inactive", "This account cannot generate plans");
      }
      throw err;
    }
    if (started.error_code === "rate_limited") {
      throw new HttpError(429, "rate_limited", "Too many plans started in a short time; try again shortly", {
        headers: { "Retry-After": String(started.retry_after_seconds ?? 60) },
      });
    }
    if (started.error_code === "provider_budget_exceeded") {
      // Failed generations give their plan back but not the provider calls they made (issue 8, finding 4).
      throw new HttpError(
        429,
        "provider_budget_exceeded",
        "Too many generation attempts this month; try again next month",
        { headers: { "Retry-After": String(started.retry_after_seconds ?? 86_400) } },
      );
    }
    if (started.error_code === "quota_exceeded") {
      throw new HttpError(
        402,
        "quota_exceeded",
        `Your plan allows ${started.quota_limit} generated plans per month; upgrade to Pro for more`,
      );
    }
    const jobId = started.job_id!;
    const job = { id: jobId, claims, request, deadline: started.deadline_at!.getTime() };
    const statusUrl = `/functions/v1/generate-plan/jobs/${jobId}`;
    log.info("generation queued", { job_id: jobId });

    if (/\btext\/event-stream\b/.test(req.headers.get("accept") ?? "")) {
      const encoder = new TextEncoder();
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let open = true;
      const send = (e: GenerationEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
          if (e.type === "done" || e.type === "error") {
            open = false;
            controller.close();
          }
        } catch {
          open = false; // the client went away; the job goes on
        }
      };
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
        },
        cancel() {
          open = false;
        },
      });
      send({ type: "queued", job_id: jobId });
      waitUntil(runGeneration({ ...deps, log }, job, send));
      return new Response(stream, {
        status: 200,
        headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Job-Id": jobId },
      });
    }

    waitUntil(runGeneration({ ...deps, log }, job, () => {}));
    return jsonResponse(
      { job_id: jobId, status: "queued", status_url: statusUrl } satisfies GenerationStarted,
      {
        status: 202,
        headers: { Location: statusUrl },
      },
    );
  }, { logger: deps.logger });
}
