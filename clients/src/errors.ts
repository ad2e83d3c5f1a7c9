// Where a call failed, as supabase-js does it: expected failures come back as `{ data, error }`, never thrown.
import type { ErrorBody } from "../../edge-functions/_contract/index.ts";

/** The body every TripMaster function returns on failure. */
export type ApiErrorBody = ErrorBody;

export class TripMasterError extends Error {
  override name = "TripMasterError";
}

/** The request never got an HTTP answer (offline, DNS, CORS, aborted), or the answer broke off. */
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

/** A function answered 2xx with a body the contract does not describe (client and server disagree). */
export class ContractError extends TripMasterError {
  override name = "ContractError";
  constructor(message: string, readonly issues: { path: string; message: string }[]) {
    super(message);
  }
}

/** The Data API (PostgREST), Storage or Auth refused; `code` is Postgres' or the service's code. */
export class DataError extends TripMasterError {
  override name = "DataError";
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The sync document was saved elsewhere since it was read: read it again and re-apply the change. */
export class ConflictError extends DataError {
  override name = "ConflictError";
}

/** The helper needs a signed-in user and the supabase-js client has no session. */
export class NotSignedInError extends TripMasterError {
  override name = "NotSignedInError";
  constructor() {
    super("Sign in first");
  }
}

export const isFunctionError = (e: unknown): e is FunctionError => e instanceof FunctionError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;
export const isConflictError = (e: unknown): e is ConflictError => e instanceof ConflictError;
export const isDataError = (e: unknown): e is DataError => e instanceof DataError;

export type Result<T, E extends TripMasterError = TripMasterError> =
  | { data: T; error: null }
  | { data: null; error: E };
