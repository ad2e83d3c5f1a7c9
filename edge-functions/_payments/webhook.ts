// The webhook processor: verify and parse through the provider, then apply the neutral event in ONE
// transaction (private.apply_provider_event routes it to subscriptions or bookings; each records the event id
// together with its effects). Outcomes:
// applied / ignored / duplicate -> 2xx; unattributed (its booking's linking event has not arrived yet) ->
// 503 so the provider delivers it again; bad signature -> 400 and nothing written; the provider unreachable
// while completing a verified event (before any transaction) -> 503, nothing written, delivered again; a
// database error propagates (500: everything rolled back, the provider retries).
import type { Sql } from "../_shared/db.ts";
import type { NeutralEvent, PaymentProvider } from "./provider.ts";
import { PaymentProviderError, WebhookSignatureError } from "./provider.ts";

export type WebhookResult =
  | { status: "applied" | "ignored" | "duplicate" | "unattributed"; event: NeutralEvent }
  | { status: "invalid_signature"; message: string }
  | { status: "provider_unavailable"; error: PaymentProviderError };

export async function applyNeutralEvent(
  sql: Sql,
  provider: string,
  event: NeutralEvent,
): Promise<"applied" | "ignored" | "duplicate" | "unattributed"> {
  const [row] = await sql.begin((tx) =>
    tx<{ result: string }[]>`select private.apply_provider_event(${provider}, ${
      tx.json(event as never)
    }) as result`
  );
  return row.result as "applied" | "ignored" | "duplicate" | "unattributed";
}

export async function processWebhook(
  sql: Sql,
  provider: PaymentProvider,
  rawBody: string,
  headers: Headers,
): Promise<WebhookResult> {
  let event: NeutralEvent;
  try {
    event = await provider.parseWebhook(rawBody, headers);
  } catch (err) {
    if (err instanceof WebhookSignatureError) return { status: "invalid_signature", message: err.message };
    if (err instanceof PaymentProviderError) return { status: "provider_unavailable", error: err };
    throw err;
  }
  return { status: await applyNeutralEvent(sql, provider.name, event), event };
}
