// "A plan with its days and items": the one document every read path returns (private.plan_document in
// SQL: a share link, the owner, the job status, the calendar, the PDF), validated once with this schema.
import { z } from "zod";

export const PACES = ["relaxed", "moderate", "packed"] as const;
export const TIME_SLOTS = ["morning", "afternoon", "evening", "night"] as const;
export const PLAN_VISIBILITIES = ["private", "unlisted", "public"] as const;

export const planDocumentItemSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  time_slot: z.enum(TIME_SLOTS),
  /** HH:MM:SS, local time of the plan's time zone. */
  start_time: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  place_name: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  estimated_cost: z.number().nullable(),
  currency: z.string(),
  booking_url: z.string().nullable(),
}).meta({ id: "PlanItem" });

export const planDocumentDaySchema = z.object({
  id: z.string(),
  day_number: z.number().int(),
  date: z.string(),
  title: z.string().nullable(),
  summary: z.string().nullable(),
  items: z.array(planDocumentItemSchema),
}).meta({ id: "PlanDay" });

export const planDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  destination: z.string(),
  country_code: z.string().nullable(),
  start_date: z.string(),
  end_date: z.string(),
  timezone: z.string(),
  adults: z.number().int(),
  children: z.number().int(),
  budget_amount: z.number().nullable(),
  currency: z.string(),
  interests: z.array(z.string()),
  pace: z.string(),
  language: z.string(),
  summary: z.string().nullable(),
  tips: z.array(z.string()),
  markdown: z.string().nullable(),
  visibility: z.enum(PLAN_VISIBILITIES),
  published_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  creator_display_name: z.string().nullable(),
  days: z.array(planDocumentDaySchema),
}).meta({ id: "PlanDocument" });

export type PlanDocument = z.infer<typeof planDocumentSchema>;
export type PlanDocumentDay = z.infer<typeof planDocumentDaySchema>;
export type PlanDocumentItem = z.infer<typeof planDocumentItemSchema>;
