// What a provider must return (validated before anything is saved). What a user asks for is in
// edge-functions/_contract (the functions' contract).
import { z } from "zod";

// The request side (what a user sends) is part of the functions' contract; re-exported for the planner.
export {
  type GenerateRequest,
  generateRequestSchema,
  MAX_TRIP_DAYS,
  PACES,
  TIME_SLOTS,
  tripDays,
} from "../_contract/index.ts";
import { MAX_TRIP_DAYS, TIME_SLOTS } from "../_contract/index.ts";

const isoDate = z.iso.date();

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
