// The one error body every function answers with, and the one way a zod failure becomes its `details`.
import { z } from "zod";

/** One problem with a request: where (a dotted path, "" for the root) and what. */
export const issueSchema = z.object({ path: z.string(), message: z.string() }).meta({ id: "Issue" });
export type Issue = z.infer<typeof issueSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    /** Stable and machine-readable (e.g. validation_failed, rate_limited). */
    code: z.string(),
    /** Safe to show a user. */
    message: z.string(),
    /** For validation failures: the issues; otherwise whatever the code documents. */
    details: z.unknown().optional(),
  }),
}).meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Every zod failure, wherever it happens (bodies, hook payloads, stored documents), reads this way. */
export function formatZodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** The same issues as one line (for logs and thrown errors that never reach a client). */
export const zodIssuesText = (error: z.ZodError, max = 20) =>
  formatZodIssues(error).slice(0, max).map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ");
