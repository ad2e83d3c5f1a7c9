// The subscription side of payments, as the payments function uses it: one provider customer per user,
// created once (the idempotency key is derived from the user, so racing or retried requests get the same
// customer) and remembered in public.billing_customers; the user's live subscription, if any.
import type { Sql } from "../_shared/db.ts";
import type { PaymentProvider } from "./provider.ts";

export const customerIdempotencyKey = (userId: string) => `customer-${userId}-v1`;

/** Statuses in which a subscription still exists at the provider: asking to subscribe again opens the portal. */
export const LIVE_STATUSES = ["incomplete", "trialing", "active", "past_due", "unpaid", "paused"] as const;

export async function ensureCustomer(
  sql: Sql,
  provider: PaymentProvider,
  user: { id: string; email?: string },
): Promise<string> {
  const [known] = await sql<{ provider_customer_id: string }[]>`
    select provider_customer_id from public.billing_customers where user_id = ${user.id}`;
  if (known) return known.provider_customer_id;
  const { customerId } = await provider.createCustomer({
    userId: user.id,
    email: user.email,
    idempotencyKey: customerIdempotencyKey(user.id),
  });
  const [stored] = await sql<{ id: string }[]>`
    select private.remember_billing_customer(${user.id}, ${provider.name}, ${customerId}) as id`;
  return stored.id;
}

export interface SubscriptionRow {
  id: string;
  status: string;
  plan_interval: string | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
}

export async function liveSubscription(sql: Sql, userId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await sql<SubscriptionRow[]>`
    select id, status, plan_interval, current_period_end, cancel_at_period_end from public.subscriptions
    where user_id = ${userId} and status in ${sql([...LIVE_STATUSES])}
    order by updated_at desc limit 1`;
  return row;
}
