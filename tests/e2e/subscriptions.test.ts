// End to end, offline: the payments and stripe-webhook functions served by real Deno and the Stripe API
// double (as `npm run stack` serves them): subscribe on the local Checkout page -> tier pro -> quota 100 ->
// cancel in the local customer portal -> still pro until the period end -> back to free when it ends; the
// emails of each step in the local mailbox.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFunctionsClient } from "../../clients/src/index.ts";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createUser, testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { WEBHOOK_SECRET } from "../support/payments.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import { tokenFor } from "../support/tokens.ts";

let sql: Sql;
let server: FunctionsServer;
let double: StripeDouble;
const webhook = { url: "" };

beforeAll(async () => {
  sql = testSql(4);
  double = await startStripeDouble({
    webhookSecret: WEBHOOK_SECRET,
    get webhookUrl() {
      return webhook.url;
    },
  });
  server = await startFunctionsServer({
    STRIPE_SECRET_KEY: "sk_test_e2e_double",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: double.url,
  }, { ticks: ["email-worker=1"] });
  webhook.url = server.functionsUrl("stripe-webhook");
});
afterAll(async () => {
  await server?.stop();
  await double?.close();
  await sql.end();
});

const subjectsFor = (dir: string, to: string) =>
  readdirSync(dir).flatMap((key) => {
    try {
      const meta = JSON.parse(readFileSync(path.join(dir, key, "message.json"), "utf8"));
      return meta.to === to ? [String(meta.subject)] : [];
    } catch {
      return [];
    }
  });

describe("Pro subscription through the local stack", () => {
  it("subscribe -> pro, quota 100 -> cancel in the portal -> free at the period end", async () => {
    const user = await createUser(sql, { metadata: { display_name: "Sue" } });
    const tier = async () =>
      (await sql`select p.tier::text as tier, q.monthly_plans from public.profiles p
        join public.plan_quotas q on q.tier = p.tier where p.id = ${user.id}`)[0];

    // Through the typed client: an answer that drifted from the contract fails here.
    const token = await tokenFor(user);
    const api = createFunctionsClient({
      url: server.url,
      anonKey: LOCAL_ANON_KEY,
      accessToken: async () => token,
    });
    const started = await api.subscribe({ interval: "month" });
    expect(started.error).toBeNull();
    const checkout_url = (started.data as { checkout_url: string }).checkout_url;
    expect(await (await fetch(checkout_url)).text()).toContain("Pay €9.00");
    const paid = await fetch(`${checkout_url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(double.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    // invoice.paid came without `payments` (as from Stripe): the Deno-served webhook listed them, and the
    // charge is in the ledger under the payment intent that refunds and disputes name.
    expect(double.requests.filter((r) => r.path === "/v1/invoice_payments").map((r) => r.status)).toEqual([
      200,
    ]);
    const [charge] = await sql`select l.provider_object_id from public.payment_ledger l
      join public.subscriptions s on s.id = l.subscription_id where s.user_id = ${user.id} and l.kind = 'charge'`;
    expect(charge.provider_object_id).toMatch(/^pi_/);
    expect(await tier()).toEqual({ tier: "pro", monthly_plans: 100 });

    // Asking again while subscribed opens the portal; cancel there (at period end).
    const again = await api.subscribe({ interval: "year" });
    expect(again.error).toBeNull();
    expect(again.data).toMatchObject({ subscription: { status: "active" } });
    const portal_url = (again.data as { portal_url: string }).portal_url;
    expect((await api.billingPortal()).data?.portal_url).toMatch(/\/portal\//);
    const portalPage = await (await fetch(portal_url)).text();
    const action = portalPage.match(/action="([^"]+\/cancel\/[^"]+)"/)![1];
    const cancelled = await fetch(new URL(action, portal_url), { method: "POST", redirect: "manual" });
    expect(cancelled.status).toBe(303);
    expect(await tier()).toEqual({ tier: "pro", monthly_plans: 100 });

    // The period ends: Stripe deletes the subscription and says so.
    const [{ provider_subscription_id: sub }] =
      await sql`select provider_subscription_id from public.subscriptions
      where user_id = ${user.id}`;
    await double.send(double.periodEnds(sub));
    expect(double.deliveries.every((d) => d.status === 200)).toBe(true);
    expect(await tier()).toEqual({ tier: "free", monthly_plans: 3 });

    const deadline = Date.now() + 20_000;
    let subjects: string[] = [];
    while (Date.now() < deadline) {
      subjects = subjectsFor(server.mailboxDir, user.email);
      if (subjects.filter((s) => /Pro/.test(s)).length >= 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(subjects).toEqual(expect.arrayContaining([
      "Welcome to TripMaster Pro",
      expect.stringMatching(/^TripMaster Pro ends on \d{4}-\d{2}-\d{2}$/),
      "Your TripMaster Pro subscription has ended",
    ]));
  });
});
