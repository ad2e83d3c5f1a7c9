// Every function refuses input Postgres cannot store (NUL, unpaired surrogates) with a 400 at the boundary
// (JSON bodies, the signed Send Email payload, path and query), and reads bodies with a streaming limit.
// The database is a tripwire here: a request that reaches it fails the test with a 500.
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import type { AccessTokenClaims } from "../../edge-functions/_shared/jwt.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import type { PlanProvider } from "../../edge-functions/_planner/providers/provider.ts";
import type { EmailProvider } from "../../edge-functions/_email/providers/provider.ts";
import { createEmailWorkerHandler } from "../../edge-functions/email-worker/handler.ts";
import { createGeneratePlanHandler } from "../../edge-functions/generate-plan/handler.ts";
import { createHealthHandler } from "../../edge-functions/health/handler.ts";
import { createPlanCalendarHandler } from "../../edge-functions/plan-calendar/handler.ts";
import { createSendEmailHandler } from "../../edge-functions/send-email/handler.ts";
import { createStripeWebhookHandler } from "../../edge-functions/stripe-webhook/handler.ts";
import type { PaymentProvider } from "../../edge-functions/_payments/provider.ts";
import { countingBody, streamingPost } from "../support/bodies.ts";
import { LOCAL_SEND_EMAIL_HOOK_SECRET } from "../support/env.ts";

const logger = createLogger({}, () => {});
const tripwire = new Proxy(() => {}, {
  apply() {
    throw new Error("the database must not be reached");
  },
  get() {
    throw new Error("the database must not be reached");
  },
}) as unknown as Sql;
const user: AccessTokenClaims = {
  sub: "6f0b8f3e-9a51-4d8e-9a1e-0b1f4a3c2d10",
  role: "authenticated",
  aud: "authenticated",
  exp: Math.floor(Date.now() / 1000) + 3600,
};
const verifyAs = (claims: AccessTokenClaims) => async () => claims;
const auth = { authorization: "Bearer t" };

const generatePlan = createGeneratePlanHandler({
  sql: tripwire,
  provider: {} as PlanProvider,
  verify: verifyAs(user),
  logger,
});
const planCalendar = createPlanCalendarHandler({ sql: tripwire, verify: verifyAs(user), logger });
const health = createHealthHandler({
  env: {},
  requiredSecrets: [],
  checkDatabase: async () => ({ migrationsApplied: 1, latestMigration: "1" }),
  logger,
});
const emailWorker = createEmailWorkerHandler({
  sql: tripwire,
  provider: {} as EmailProvider,
  from: "TripMaster <hello@tripmaster.app>",
  siteUrl: "http://127.0.0.1:3000",
  verify: verifyAs({ role: "service_role", exp: Math.floor(Date.now() / 1000) + 3600 }),
  logger,
});
const sendEmail = createSendEmailHandler({
  hookSecret: LOCAL_SEND_EMAIL_HOOK_SECRET,
  sql: tripwire,
  provider: {} as EmailProvider,
  from: "TripMaster <hello@tripmaster.app>",
  siteUrl: "http://127.0.0.1:3000",
  logger,
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ error: { code } });
}

describe("generate-plan", () => {
  const body = (destination: string) =>
    `{"destination":"${destination}","start_date":"2030-04-10","end_date":"2030-04-12","adults":1,` +
    `"budget":{"amount":900,"currency":"EUR"},"interests":["food"]}`;
  const post = (text: string) =>
    generatePlan(
      new Request("http://x/generate-plan", {
        method: "POST",
        body: text,
        headers: { ...auth, "content-type": "application/json" },
      }),
    );

  it.each([["a lone surrogate", "Lis\\ud800bon"], ["a NUL", "Lis\\u0000bon"]])(
    "refuses %s in the JSON body with 400",
    async (_name, destination) => {
      await expectError(await post(body(destination)), 400, "invalid_json");
    },
  );

  it("stops reading an endless body at the limit (413)", async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    const res = await generatePlan(streamingPost(stream, auth, "http://x/generate-plan"));
    await expectError(res, 413, "payload_too_large");
    expect(counter.pulled).toBeLessThanOrEqual(1_000_000 + 3 * 65_536);
  });

  it("refuses a NUL in the job id with 400", async () => {
    await expectError(
      await generatePlan(new Request("http://x/generate-plan/jobs/%00", { headers: auth })),
      400,
      "bad_request",
    );
  });
});

describe("plan-calendar", () => {
  it.each([
    ["a NUL in the share token", "http://x/plan-calendar/6f0b8f3e-9a51-4d8e-9a1e-0b1f4a3c2d10?token=ab%00c"],
    ["a NUL in the plan id", "http://x/plan-calendar/6f0b8f3e%00.ics"],
    ["an encoded lone surrogate in the plan id", "http://x/plan-calendar/%ED%A0%80"],
  ])("refuses %s with 400", async (_name, url) => {
    const res = await planCalendar(new Request(url));
    expect(res.status).toBe(400);
  });
});

describe("health and email-worker", () => {
  it("refuse a NUL in the query with 400", async () => {
    await expectError(await health(new Request("http://x/health?x=%00")), 400, "bad_request");
    await expectError(
      await emailWorker(new Request("http://x/email-worker?x=%00", { method: "POST", headers: auth })),
      400,
      "bad_request",
    );
  });
});

describe("send-email (the signed hook payload)", () => {
  const wh = new Webhook(LOCAL_SEND_EMAIL_HOOK_SECRET.slice(3));
  const payload = (displayName: string) =>
    `{"user":{"id":"6f0b8f3e-9a51-4d8e-9a1e-0b1f4a3c2d10","aud":"authenticated","role":"authenticated",` +
    `"email":"new@example.test","app_metadata":{},"user_metadata":{"display_name":"${displayName}"}},` +
    `"email_data":{"token":"482913","token_hash":"th_1","redirect_to":"http://127.0.0.1:3000/",` +
    `"email_action_type":"signup","site_url":"http://127.0.0.1:3000","token_new":"","token_hash_new":""}}`;
  const signed = (body: BodyInit, signedText: string) => {
    const id = `msg_${crypto.randomUUID()}`;
    const at = new Date();
    return new Request("http://x/send-email", {
      method: "POST",
      body,
      duplex: "half",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": wh.sign(id, at, signedText),
      },
    } as RequestInit);
  };

  it.each([["a NUL", "Ne\\u0000w"], ["a lone surrogate", "Ne\\udc00w"]])(
    "refuses %s in a correctly signed payload with 400, writing nothing",
    async (_name, name) => {
      const text = payload(name);
      await expectError(await sendEmail(signed(text, text)), 400, "invalid_payload");
    },
  );

  it("still refuses an unsigned payload with 401 first", async () => {
    const text = payload("Ne\\u0000w");
    const res = await sendEmail(signed(text, "something else"));
    await expectError(res, 401, "invalid_signature");
  });

  it("stops reading a body past 256 KiB (413), with or without Content-Length", async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    await expectError(await sendEmail(signed(stream, "")), 413, "payload_too_large");
    expect(counter.pulled).toBeLessThanOrEqual(256 * 1024 + 3 * 65_536);
  });
});

describe("stripe-webhook (no JWT: anyone can post)", () => {
  const stripeWebhook = createStripeWebhookHandler({
    sql: tripwire,
    provider: tripwire as unknown as PaymentProvider,
    logger,
  });

  it("stops reading a body past 512 KiB (413) before buffering it, without Content-Length", async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    const res = await stripeWebhook(streamingPost(stream, {}, "http://x/stripe-webhook"));
    await expectError(res, 413, "payload_too_large");
    expect(counter.pulled).toBeLessThanOrEqual(512 * 1024 + 3 * 65_536);
  });
});
