// Calls TripMaster Edge Functions with plain fetch (injectable, so tests need no network) and turns every
// outcome into a Result: nothing here throws. Answers are checked against the functions' contract, so a
// server that drifted from it is a ContractError, not a crash somewhere in the app.
import type { z } from "zod";
import {
  type BookingResult,
  bookingResultSchema,
  type CancelDeletionResult,
  cancelDeletionResultSchema,
  type CreateBookingRequest,
  type CreateBookingResult,
  createBookingResultSchema,
  errorBodySchema,
  formatZodIssues,
  type GeneratePlanRequest,
  type GenerationEvent,
  type GenerationJob,
  generationJobSchema,
  type GenerationStarted,
  generationStartedSchema,
  type HealthReport,
  healthResponseSchema,
  type HealthStatus,
  type PortalSession,
  portalSessionSchema,
  type RefundRequest,
  type RefundResult,
  refundResultSchema,
  type SignInRequest,
  type SignInResult,
  signInResultSchema,
  type SubscribeRequest,
  type SubscriptionStart,
  subscriptionStartSchema,
  type UnlockResult,
  unlockResultSchema,
} from "../../edge-functions/_contract/index.ts";
import { ContractError, FunctionError, NetworkError, type Result } from "./errors.ts";
import { readEvents, streamErrorEvent } from "./plans.ts";

export type { HealthReport, HealthStatus };

export interface FunctionsClientOptions {
  /** Project URL, e.g. https://<ref>.supabase.co or http://127.0.0.1:54321 */
  url: string;
  /** The anon (publishable) key; sent as `apikey`. */
  anonKey: string;
  /** Returns the signed-in user's access token (e.g. from supabase.auth.getSession()). */
  accessToken?: () => Promise<string | null | undefined>;
  fetch?: typeof fetch;
}

function functionError(status: number, statusText: string, payload: unknown): FunctionError {
  const parsed = errorBodySchema.safeParse(payload);
  return parsed.success
    ? new FunctionError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details)
    : new FunctionError(status, `http_${status}`, statusText || "Request failed");
}

export function createFunctionsClient(options: FunctionsClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.url.replace(/\/+$/, "") + "/functions/v1/";

  async function send(
    name: string,
    init: { method?: string; body?: unknown; accept?: string },
  ): Promise<Result<Response>> {
    let token: string;
    try {
      token = (await options.accessToken?.()) ?? options.anonKey;
    } catch (cause) {
      return { data: null, error: new NetworkError("Could not get the access token", { cause }) };
    }
    const headers: Record<string, string> = { apikey: options.anonKey, authorization: `Bearer ${token}` };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.accept) headers.accept = init.accept;
    try {
      const res = await doFetch(base + name, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { data: res, error: null };
    } catch (cause) {
      return { data: null, error: new NetworkError(`Could not reach ${name.split("/")[0]}`, { cause }) };
    }
  }

  /** Calls a function and checks a 2xx answer against `schema` (the contract's response shape). */
  async function invoke<S extends z.ZodType>(
    name: string,
    schema: S,
    init: { method?: string; body?: unknown; okStatuses?: number[] } = {},
  ): Promise<Result<z.infer<S>>> {
    const sent = await send(name, init);
    if (sent.error) return sent;
    const res = sent.data;
    let payload: unknown = null;
    try {
      payload = await res.json();
    } catch {
      payload = null;
    }
    if (!res.ok && !init.okStatuses?.includes(res.status)) {
      return { data: null, error: functionError(res.status, res.statusText, payload) };
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return {
        data: null,
        error: new ContractError(`${name} answered outside the contract`, formatZodIssues(parsed.error)),
      };
    }
    return { data: parsed.data, error: null };
  }

  /**
   * Starts a generation and streams its progress (server-sent events). A refused start is the `error`;
   * once started, `data` yields events until `done` or `error` (a broken stream ends with an `error`
   * event, code stream_interrupted: poll generationJob(job_id) to learn how the job ended).
   */
  async function streamPlanGeneration(
    body: GeneratePlanRequest,
  ): Promise<Result<AsyncGenerator<GenerationEvent>>> {
    const sent = await send("generate-plan", { body, accept: "text/event-stream" });
    if (sent.error) return sent;
    const res = sent.data;
    if (!res.ok || !res.body) {
      const payload: unknown = await res.json().catch(() => null);
      return { data: null, error: functionError(res.status, res.statusText, payload) };
    }
    const jobId = res.headers.get("x-job-id") ?? "";
    if (!/\btext\/event-stream\b/.test(res.headers.get("content-type") ?? "")) {
      await res.body.cancel().catch(() => {});
      return {
        data: null,
        error: new ContractError("generate-plan did not answer with an event stream", []),
      };
    }
    return { data: readEvents(res.body, jobId), error: null };
  }

  /** Waits for a job to finish by polling its status (every `intervalMs`, at most `attempts` times). */
  async function waitForGeneration(
    jobId: string,
    { intervalMs = 1_000, attempts = 120 }: { intervalMs?: number; attempts?: number } = {},
  ): Promise<Result<GenerationJob>> {
    for (let i = 0;; i++) {
      const job = await generationJob(jobId);
      if (job.error || job.data.status === "succeeded" || job.data.status === "failed") return job;
      if (i + 1 >= attempts) {
        return { data: null, error: new FunctionError(408, "still_running", "The job has not finished yet") };
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  const generationJob = (jobId: string): Promise<Result<GenerationJob>> =>
    invoke(`generate-plan/jobs/${encodeURIComponent(jobId)}`, generationJobSchema);

  const booking = (id: string, action = "") =>
    `payments/bookings/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;

  return {
    invoke,
    /** Up or down (503 is a normal answer here); the details (HealthReport) only for the service role. */
    health: (): Promise<Result<HealthStatus | HealthReport>> =>
      invoke("health", healthResponseSchema, { okStatuses: [503] }),
    /** Starts a generation: 202 with the job to poll. */
    generatePlan: (body: GeneratePlanRequest): Promise<Result<GenerationStarted>> =>
      invoke("generate-plan", generationStartedSchema, { body }),
    /** A generation job's status, with the plan document once it succeeded. */
    generationJob,
    waitForGeneration,
    streamPlanGeneration,
    /** Password sign-in with lockout: 400 invalid_credentials, 429 too_many_attempts (see Retry-After). */
    signIn: (body: SignInRequest): Promise<Result<SignInResult>> =>
      invoke("sign-in", signInResultSchema, { body }),
    /** Redeems the token of an "account locked" email's link (once). */
    unlockAccount: (token: string): Promise<Result<UnlockResult>> =>
      invoke("account-unlock", unlockResultSchema, { body: { token } }),
    /** Cancels a pending account deletion with the token of the email's link. */
    cancelAccountDeletion: (token: string): Promise<Result<CancelDeletionResult>> =>
      invoke("cancel-account-deletion", cancelDeletionResultSchema, { body: { token } }),
    /** Books an offer and starts its payment: a Checkout URL or a PaymentIntent client secret. */
    createBooking: (body: CreateBookingRequest): Promise<Result<CreateBookingResult>> =>
      invoke("payments/bookings", createBookingResultSchema, { body }),
    getBooking: (id: string): Promise<Result<BookingResult>> => invoke(booking(id), bookingResultSchema),
    cancelBooking: (id: string): Promise<Result<BookingResult>> =>
      invoke(booking(id, "cancel"), bookingResultSchema, { method: "POST" }),
    /** Admins only. */
    refundBooking: (id: string, body: RefundRequest = {}): Promise<Result<RefundResult>> =>
      invoke(booking(id, "refund"), refundResultSchema, { body }),
    /** Starts Pro: `{ checkout_url }` to open, or `{ portal_url }` when a subscription is already live. */
    subscribe: (body: SubscribeRequest): Promise<Result<SubscriptionStart>> =>
      invoke("payments/subscription", subscriptionStartSchema, { body }),
    /** The Stripe customer portal (change plan, card, cancel). */
    billingPortal: (): Promise<Result<PortalSession>> =>
      invoke("payments/portal", portalSessionSchema, { body: {} }),
    /** The plan's .ics file as text (as the caller, or through a share token). */
    planCalendar: async (planId: string, options: { shareToken?: string } = {}): Promise<Result<string>> => {
      const q = options.shareToken ? `?token=${encodeURIComponent(options.shareToken)}` : "";
      const sent = await send(`plan-calendar/${encodeURIComponent(planId)}${q}`, {});
      if (sent.error) return sent;
      const res = sent.data;
      try {
        if (!res.ok) {
          return { data: null, error: functionError(res.status, res.statusText, await res.json()) };
        }
        return { data: await res.text(), error: null };
      } catch (cause) {
        if (!res.ok) return { data: null, error: functionError(res.status, res.statusText, null) };
        return { data: null, error: new NetworkError("The calendar broke off", { cause }) };
      }
    },
  };
}

export { streamErrorEvent };
