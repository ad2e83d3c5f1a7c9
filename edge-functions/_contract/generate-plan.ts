// generate-plan: POST a request (202 with the job to poll, or a stream of events), GET the job's status.
import { z } from "zod";
import { PACES, planDocumentSchema } from "./plan.ts";

export const MAX_TRIP_DAYS = 30;

const isoDate = z.iso.date();
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** Trip length in days, both ends included. */
export const tripDays = (start: string, end: string) => dayNumber(end) - dayNumber(start) + 1;

/** Builds the request schema; `today` (UTC, YYYY-MM-DD) is injectable so tests are not date-dependent. */
export function generateRequestSchema(today: () => string = () => new Date().toISOString().slice(0, 10)) {
  return z.strictObject({
    destination: z.string().trim().min(2).max(120),
    start_date: isoDate,
    end_date: isoDate,
    adults: z.number().int().min(1).max(20).default(1),
    children: z.number().int().min(0).max(20).default(0),
    budget: z.strictObject({
      amount: z.number().positive().max(10_000_000),
      currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR"),
    }),
    interests: z.array(z.string().trim().min(2).max(40)).max(12).default([]),
    pace: z.enum(PACES).default("moderate"),
    accessibility_needs: z.string().trim().max(500).optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a language tag such as en or pt-BR")
      .default("en"),
  }).superRefine((r, ctx) => {
    if (r.end_date < r.start_date) {
      ctx.addIssue({ code: "custom", path: ["end_date"], message: "must not be before start_date" });
    } else if (tripDays(r.start_date, r.end_date) > MAX_TRIP_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["end_date"],
        message: `a trip lasts at most ${MAX_TRIP_DAYS} days`,
      });
    }
    // One day of slack: west of UTC, a traveller's today is still yesterday in UTC for part of the day.
    const yesterday = new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (r.start_date < yesterday) {
      ctx.addIssue({ code: "custom", path: ["start_date"], message: "must not be in the past" });
    }
  }).meta({ id: "GeneratePlanRequest" });
}
export type GenerateRequest = z.infer<ReturnType<typeof generateRequestSchema>>;
/** The body of POST /generate-plan as a client sends it (fields with defaults may be left out). */
export type GeneratePlanRequest = z.input<ReturnType<typeof generateRequestSchema>>;

export const GENERATION_STATUSES = ["queued", "running", "succeeded", "failed"] as const;

export const generationStartedSchema = z.object({
  job_id: z.string(),
  status: z.literal("queued"),
  status_url: z.string(),
}).meta({ id: "GenerationStarted" });
export type GenerationStarted = z.infer<typeof generationStartedSchema>;

/** Server-sent events of POST /generate-plan with Accept: text/event-stream (`event:` is the type). */
export const generationEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("queued"), job_id: z.string() }),
  z.object({ type: z.literal("prompting"), job_id: z.string(), attempt: z.number().int() }),
  z.object({ type: z.literal("validating"), job_id: z.string(), attempt: z.number().int() }),
  z.object({ type: z.literal("saving"), job_id: z.string() }),
  z.object({ type: z.literal("done"), job_id: z.string(), plan_id: z.string() }),
  z.object({ type: z.literal("error"), job_id: z.string(), code: z.string(), message: z.string() }),
]).meta({ id: "GenerationEvent" });
export type GenerationEvent = z.infer<typeof generationEventSchema>;

/** ISO 8601 date-time as JSON carries it. */
const timestamp = z.string();

/** GET /generate-plan/jobs/<id>: the caller's job, with the plan document once it succeeded. */
export const generationJobSchema = z.strictObject({
  id: z.string(),
  status: z.enum(GENERATION_STATUSES),
  plan_id: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  usage: z.object({
    input_tokens: z.number().optional(),
    output_tokens: z.number().optional(),
    provider_calls: z.number().optional(),
  }),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
  deadline_at: timestamp,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Once succeeded: the saved plan with its days and items (the same document a share link returns). */
  plan: planDocumentSchema.nullable(),
}).meta({ id: "GenerationJob" });
export type GenerationJob = z.infer<typeof generationJobSchema>;
