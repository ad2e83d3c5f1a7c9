// plan-calendar, plan-pdf and export-data answer with files (ics, pdf, zip), not JSON: their contract is
// the path, the query and the error body.
import { z } from "zod";

export const planIdParamsSchema = z.object({
  plan_id: z.uuid().meta({ description: "The plan's id (a trailing .ics / .pdf is accepted)" }),
});
export const shareTokenQuerySchema = z.object({
  token: z.string().max(200).optional().meta({
    description: "A share link's token: read the plan through it (anonymously) instead of as the caller",
  }),
});
