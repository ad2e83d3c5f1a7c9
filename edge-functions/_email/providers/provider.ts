// What the outbox needs from an email provider. Implementations: Resend's HTTP API (production) and a
// local mailbox (development). Tests point the Resend provider at a double on 127.0.0.1.
import { UpstreamError } from "../../_shared/upstream.ts";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Same key -> the provider sends at most once (Resend keeps keys for 24 hours). */
  idempotencyKey: string;
  headers?: Record<string, string>;
  tags?: Record<string, string>;
}

export interface EmailProvider {
  readonly name: string;
  send(email: OutgoingEmail): Promise<{ id: string }>;
}

/** A failed send. `retryable` says whether trying again later may work (429, 5xx, timeouts, network).
 * One kind of UpstreamError; the outbox schedules in whole seconds (`retryAfterSeconds`). */
export class ProviderError extends UpstreamError {
  override name = "ProviderError";
  constructor(
    message: string,
    retryable: boolean,
    readonly retryAfterSeconds?: number,
    status?: number,
  ) {
    super("email", message, {
      retryable,
      status,
      retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
    });
  }
}
