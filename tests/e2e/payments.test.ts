// End to end, offline: the payments and stripe-webhook functions served by real Deno, the Stripe API double
// on 127.0.0.1 (as `npm run stack` serves it): book -> pay on the local Checkout page -> signed webhooks ->
// booking paid -> confirmation and receipt in the local mailbox.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFunctionsClient } from "../../clients/src/index.ts";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createUser, testSql } from "../support/db.ts";
import { LOCAL_ANON_KEY } from "../support/env.ts";
import { type FunctionsServer, startFunctionsServer } from "../support/functions-server.ts";
import { makeOffer, WEBHOOK_SECRET } from "../support/payments.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import { tokenFor } from "../support/tokens.ts";

let sql: Sql;
let server: FunctionsServer;
let double: StripeDouble;
const webhook = { url: "" };

beforeAll(async () => {
  sql = testSql(4);
  // The double needs the webhook URL and the server needs the double's URL: the double reads it late.
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

function mailbox(dir: string): { to: string; subject: string }[] {
  return readdirSync(dir).flatMap((key) => {
    try {
      const meta = JSON.parse(readFileSync(path.join(dir, key, "message.json"), "utf8"));
      return [{ to: meta.to, subject: meta.subject }];
    } catch {
      return [];
    }
  });
}

describe("payments through the local stack", () => {
  it("book, pay on the local Checkout page, booking paid, confirmation and receipt in the mailbox", async () => {
    const offerId = await makeOffer(sql, { price: 4500, capacity: 5 });
    const user = await createUser(sql, { metadata: { display_name: "Ada" } });
    const token = await tokenFor(user);
    // Through the typed client: the answers are checked against the contract.
    const api = createFunctionsClient({
      url: server.url,
      anonKey: LOCAL_ANON_KEY,
      accessToken: async () => token,
    });
    const created = await api.createBooking({ offer_id: offerId, travellers: 2 });
    expect(created.error).toBeNull();
    const { booking, checkout_url } = created.data!;
    expect(booking).toMatchObject({ status: "pending", amount_minor: 9000 });

    const page = await fetch(checkout_url!);
    expect(await page.text()).toContain("Pay €90.00");
    const paid = await fetch(`${checkout_url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toContain(`/bookings/${booking.id}`);
    expect(double.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);

    const got = await api.getBooking(booking.id);
    expect(got.data?.booking.status).toBe("paid");
    // Paid: no longer cancellable, a typed refusal.
    const cancel = await api.cancelBooking(booking.id);
    expect(cancel.error).toMatchObject({ status: 409, code: "not_pending" });

    const deadline = Date.now() + 20_000;
    let mine: { to: string; subject: string }[] = [];
    while (Date.now() < deadline) {
      mine = mailbox(server.mailboxDir).filter((m) =>
        m.to === user.email && /^(Booking|Receipt)/.test(m.subject)
      );
      if (mine.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mine.map((m) => m.subject).sort()).toEqual([
      "Booking confirmed: Sunset sailing on the Tagus",
      "Receipt for €90.00",
    ]);
  });

  it("the webhook refuses an unsigned body with 400 through the gateway (verify_jwt = false)", async () => {
    const res = await fetch(server.functionsUrl("stripe-webhook"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "evt_x", type: "checkout.session.completed" }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_signature");
  });
});
