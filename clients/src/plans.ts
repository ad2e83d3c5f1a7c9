// Plan generation and calendar helpers. Types come from the function's own zod schemas (type-only imports:
// nothing from the server is bundled into an app).
import type { z } from "zod";
import type { GeneratedPlan, generateRequestSchema } from "../../edge-functions/_planner/schema.ts";
import type { GenerationEvent } from "../../edge-functions/_planner/io/runner.ts";
import type { Database } from "./database.types.ts";

/** The body of POST /generate-plan (fields with defaults may be left out). */
export type GeneratePlanRequest = z.input<ReturnType<typeof generateRequestSchema>>;
export type { GeneratedPlan, GenerationEvent };

type Row<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type PlanRow = Row<"plans">;
export type PlanDayRow = Row<"plan_days">;
export type PlanItemRow = Row<"plan_items">;

export interface GenerationStarted {
  job_id: string;
  status: "queued";
  status_url: string;
}

export interface GenerationJob {
  id: string;
  status: Database["public"]["Enums"]["generation_status"];
  plan_id: string | null;
  provider: string | null;
  model: string | null;
  usage: { input_tokens?: number; output_tokens?: number; provider_calls?: number };
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  deadline_at: string;
  error: { code: string; message: string } | null;
  /** Once succeeded: the saved plan with its days and items. */
  plan: (Omit<PlanRow, "request"> & { days: (PlanDayRow & { items: PlanItemRow[] })[] }) | null;
}

/** Parses a text/event-stream body into events as they arrive. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<GenerationEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: !done });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join(
        "\n",
      );
      if (data) yield JSON.parse(data) as GenerationEvent;
    }
    if (done) return;
  }
}

/** The .ics address of a plan (add ?token for a share link; calendar apps can subscribe to it). */
export function planCalendarUrl(
  projectUrl: string,
  planId: string,
  options: { shareToken?: string } = {},
): string {
  const url = new URL(
    `functions/v1/plan-calendar/${encodeURIComponent(planId)}`,
    projectUrl.replace(/\/*$/, "/"),
  );
  if (options.shareToken) url.searchParams.set("token", options.shareToken);
  return url.toString();
}
