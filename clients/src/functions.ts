// Calls TripMaster Edge Functions with plain fetch (injectable, so tests need no network) and turns every
// outcome into a Result.
import type { SignInRequest, SignInResult, UnlockResult } from "./auth.ts";
import { type ApiErrorBody, FunctionError, NetworkError, type Result } from "./errors.ts";
import {
  type GeneratePlanRequest,
  type GenerationEvent,
  type GenerationJob,
  type GenerationStarted,
  readEvents,
} from "./plans.ts";

export interface FunctionsClientOptions {
  /** Project URL, e.g. https://<ref>.supabase.co or http://127.0.0.1:54321 */
  url: string;
  /** The anon (publishable) key; sent as `apikey`. */
  anonKey: string;
  /** Returns the signed-in user's access token (e.g. from supabase.auth.getSession()). */
  accessToken?: () => Promise<string | null | undefined>;
  fetch?: typeof fetch;
}

/** What health tells any caller (a user, the anon key): up (200) or down (503). */
export interface HealthStatus {
  status: "up" | "down";
}

/** What health tells the service role: the details. */
export interface HealthReport {
  status: "ok" | "degraded" | "unavailable";
  time: string;
  database: { reachable: boolean; migrations_applied: number | null; latest_migration: string | null };
  secrets: { missing: string[] };
}

function isApiErrorBody(x: unknown): x is ApiErrorBody {
  const e = (x as ApiErrorBody | null)?.error;
  return typeof e === "object" && e !== null && typeof e.code === "string" && typeof e.message === "string";
}

export function createFunctionsClient(options: FunctionsClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.url.replace(/\/+$/, "") + "/functions/v1/";

  async function invoke<T>(name: string, init: { method?: string; body?: unknown } = {}): Promise<Result<T>> {
    const token = (await options.accessToken?.()) ?? options.anonKey;
    const headers: Record<string, string> = { apikey: options.anonKey, authorization: `Bearer ${token}` };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await doFetch(base + name, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (cause) {
      return { data: null, error: new NetworkError(`Could not reach ${name}`, { cause }) };
    }
    const payload: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      // Health reports 503 with its normal body: a down database is data, not a transport failure.
      if (name === "health" && res.status === 503 && payload && !isApiErrorBody(payload)) {
        return { data: payload as T, error: null };
      }
      const e = isApiErrorBody(payload)
        ? payload.error
        : { code: `http_${res.status}`, message: res.statusText || "Request failed", details: undefined };
      return { data: null, error: new FunctionError(res.status, e.code, e.message, e.details) };
    }
    return { data: payload as T, error: null };
  }

  /** Starts a generation and yields its progress events until done or error (server-sent events). */
  async function* streamPlanGeneration(body: GeneratePlanRequest): AsyncGenerator<GenerationEvent> {
    const token = (await options.accessToken?.()) ?? options.anonKey;
    let res: Response;
    try {
      res = await doFetch(base + "generate-plan", {
        method: "POST",
        headers: {
          apikey: options.anonKey,
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "text/event-stream",
        },
        body: JSON.stringify(body),
      });
    } catch (cause) {
      throw new NetworkError("Could not reach generate-plan", { cause });
    }
    if (!res.ok || !res.body) {
      const payload: unknown = await res.json().catch(() => null);
      const e = isApiErrorBody(payload)
        ? payload.error
        : { code: `http_${res.status}`, message: res.statusText };
      throw new FunctionError(res.status, e.code, e.message, e.details);
    }
    yield* readEvents(res.body);
  }

  return {
    invoke,
    /** Up or down; the details (HealthReport) only for the service role, which browsers never hold. */
    health: () => invoke<HealthStatus | HealthReport>("health"),
    /** Starts a generation: 202 with the job to poll. */
    generatePlan: (body: GeneratePlanRequest) => invoke<GenerationStarted>("generate-plan", { body }),
    /** A generation job's status, with the plan once it succeeded. */
    generationJob: (jobId: string) =>
      invoke<GenerationJob>(`generate-plan/jobs/${encodeURIComponent(jobId)}`),
    streamPlanGeneration,
    /** Password sign-in with lockout: 400 invalid_credentials, 429 too_many_attempts (see Retry-After). */
    signIn: (body: SignInRequest) => invoke<SignInResult>("sign-in", { body }),
    /** Redeems the token of an "account locked" email's link (once). */
    unlockAccount: (token: string) => invoke<UnlockResult>("account-unlock", { body: { token } }),
  };
}
