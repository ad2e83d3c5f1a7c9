// Where a call failed, as supabase-js does it: expected failures come back as `{ data, error }`, never thrown.

/** The body every TripMaster function returns on failure. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class TripMasterError extends Error {
  override name = "TripMasterError";
}

/** The request never got an HTTP answer (offline, DNS, CORS, aborted). */
export class NetworkError extends TripMasterError {
  override name = "NetworkError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A function answered with an error status; `code` is the backend's stable error code. */
export class FunctionError extends TripMasterError {
  override name = "FunctionError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const isFunctionError = (e: unknown): e is FunctionError => e instanceof FunctionError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;

export type Result<T> = { data: T; error: null } | { data: null; error: TripMasterError };
