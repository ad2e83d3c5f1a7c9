// The contracts of plan generation: what a user asks for (validated at the function boundary), and what a
// provider must return (validated before anything is saved). Shared with clients/ through the types.
import { z } from "zod";

export const PACES = ["relaxed", "moderate", "packed"] as const;
export const TIME_SLOTS = ["morning", "afternoon", "evening", "night"] as const;
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
  });
}
export type GenerateRequest = z.infer<ReturnType<typeof generateRequestSchema>>;

/** What a provider returns: strict (no extra keys), every key present (nullable where optional), so the
 * same schema works as an OpenAI strict JSON schema and an Anthropic tool input schema. */
export const planItemSchema = z.strictObject({
  time_slot: z.enum(TIME_SLOTS),
  start_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable(),
  title: z.string().min(1).max(200),
  description: z.string().max(1000),
  place_name: z.string().max(200).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  estimated_cost: z.number().min(0),
  booking_url: z.string().regex(/^https?:\/\/\S+$/).max(2000).nullable(),
});

export const planDaySchema = z.strictObject({
  date: isoDate,
  title: z.string().min(1).max(200),
  summary: z.string().max(2000),
  items: z.array(planItemSchema).min(1).max(12),
});

export const generatedPlanSchema = z.strictObject({
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(5000),
  tips: z.array(z.string().min(1).max(500)).max(20),
  days: z.array(planDaySchema).min(1).max(MAX_TRIP_DAYS),
});
export type GeneratedPlan = z.infer<typeof generatedPlanSchema>;
export type PlanItem = z.infer<typeof planItemSchema>;

/** The JSON schema handed to LLM providers, derived from the zod schema (one source of truth). */
export const planJsonSchema = z.toJSONSchema(generatedPlanSchema, { target: "draft-7" }) as Record<
  string,
  unknown
>;
