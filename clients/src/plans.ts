// Plan generation and plan documents: the types come from the functions' contract (edge-functions/_contract,
// bundled into this package by its build), so client and server cannot drift.
import {
  type GenerationEvent,
  generationEventSchema,
  type PlanDocument,
} from "../../edge-functions/_contract/index.ts";
import type { Database } from "./database.types.ts";

export type {
  GeneratePlanRequest,
  GenerationEvent,
  GenerationJob,
  GenerationStarted,
  PlanDocument,
  PlanDocumentDay,
  PlanDocumentItem,
} from "../../edge-functions/_contract/index.ts";

type Row<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type PlanRow = Row<"plans">;
export type PlanDayRow = Row<"plan_days">;
export type PlanItemRow = Row<"plan_items">;
/** @deprecated use PlanDocument (what every read path returns). */
export type SavedPlan = PlanDocument;

/** A stream that broke off (or an event the contract does not know) ends with this error event. */
export const streamErrorEvent = (jobId: string, code: string, message: string): GenerationEvent => ({
  type: "error",
  job_id: jobId,
  code,
  message,
});

/**
 * Parses a text/event-stream body into events as they arrive. Never throws: a broken stream or an event
 * outside the contract ends the stream with an `error` event (code stream_interrupted / contract_mismatch).
 */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  jobId = "",
): AsyncGenerator<GenerationEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let job = jobId;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      yield streamErrorEvent(job, "stream_interrupted", `The event stream broke off: ${String(err)}`);
      return;
    }
    const { value, done } = chunk;
    if (value) buffer += decoder.decode(value, { stream: !done });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim())
        .join("\n");
      if (!data) continue;
      let parsed;
      try {
        parsed = generationEventSchema.safeParse(JSON.parse(data));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        yield streamErrorEvent(
          job,
          "contract_mismatch",
          "The server sent an event this client does not know",
        );
        await reader.cancel().catch(() => {});
        return;
      }
      job = parsed.data.job_id;
      yield parsed.data;
      if (parsed.data.type === "done" || parsed.data.type === "error") {
        await reader.cancel().catch(() => {});
        return;
      }
    }
    if (done) {
      yield streamErrorEvent(job, "stream_interrupted", "The event stream ended before done or error");
      return;
    }
  }
}

function functionUrl(projectUrl: string, path: string, shareToken?: string) {
  const url = new URL(`functions/v1/${path}`, projectUrl.replace(/\/*$/, "/"));
  if (shareToken) url.searchParams.set("token", shareToken);
  return url.toString();
}

/** The .ics address of a plan (add a share token for a share link; calendar apps can subscribe to it). */
export const planCalendarUrl = (projectUrl: string, planId: string, options: { shareToken?: string } = {}) =>
  functionUrl(projectUrl, `plan-calendar/${encodeURIComponent(planId)}`, options.shareToken);

/** The PDF address of a plan (add a share token for a share link). */
export const planPdfUrl = (projectUrl: string, planId: string, options: { shareToken?: string } = {}) =>
  functionUrl(projectUrl, `plan-pdf/${encodeURIComponent(planId)}`, options.shareToken);
