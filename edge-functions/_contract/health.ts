// health: up or down for anyone; the details for the service role only.
import { z } from "zod";

/** What anyone may see (200 up, 503 down). */
export const publicHealthSchema = z.object({ status: z.enum(["up", "down"]) }).meta({ id: "HealthStatus" });
export type HealthStatus = z.infer<typeof publicHealthSchema>;

/** What the service role sees. */
export const healthReportSchema = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  time: z.string(),
  database: z.object({
    reachable: z.boolean(),
    migrations_applied: z.number().int().nullable(),
    latest_migration: z.string().nullable(),
  }),
  secrets: z.object({ missing: z.array(z.string()) }),
}).meta({ id: "HealthReport" });
export type HealthReport = z.infer<typeof healthReportSchema>;

export const healthResponseSchema = z.union([healthReportSchema, publicHealthSchema]);
