// The OpenAPI 3.1 document of the functions, generated from the contract with zod-openapi (it renders
// zod 4 schemas through zod's own JSON Schema output). `npm run gen:openapi` writes clients/openapi.json;
// a unit test fails when the committed file and a fresh generation differ. Not part of the client package.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { z } from "zod";
import {
  bookingResultSchema,
  cancelDeletionRequestSchema,
  cancelDeletionResultSchema,
  createBookingRequestSchema,
  createBookingResultSchema,
  drainResultSchema,
  errorBodySchema,
  generateRequestSchema,
  generationEventSchema,
  generationJobSchema,
  generationStartedSchema,
  healthReportSchema,
  planIdParamsSchema,
  portalRequestSchema,
  portalSessionSchema,
  publicHealthSchema,
  purgeRunResultSchema,
  refundRequestSchema,
  refundResultSchema,
  sendEmailHookPayload,
  sendEmailResultSchema,
  shareTokenQuerySchema,
  signInRequestSchema,
  signInResultSchema,
  subscribeRequestSchema,
  subscriptionCheckoutSchema,
  unlockRequestSchema,
  unlockResultSchema,
  webhookAckSchema,
} from "./index.ts";

const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const ok = (description: string, schema: z.ZodType) => ({ description, content: json(schema) });
const errors = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/Error` }]));
const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });
const bearer = [{ bearer: [] }];
const uuidParam = (name: string) => z.object({ [name]: z.uuid() });
const file = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: "string" as const, format: "binary" } } },
});

const op = (o: ZodOpenApiOperationObject): ZodOpenApiOperationObject => o;

export function buildOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "TripMaster Edge Functions",
      version: "1.0.0",
      description:
        "Generated from edge-functions/_contract (npm run gen:openapi). Every error answers with " +
        "the ErrorBody shape: { error: { code, message, details? } }.",
    },
    servers: [{ url: "/functions/v1", description: "The project's functions (https://<ref>.supabase.co)" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A user's access token (or the anon key)" },
        webhook: {
          type: "apiKey",
          in: "header",
          name: "webhook-signature",
          description: "Standard Webhooks",
        },
      },
      responses: { Error: { description: "An error", content: json(errorBodySchema) } },
    },
    paths: {
      "/health": {
        get: op({
          summary: "Up or down; the details for the service role",
          responses: {
            "200": {
              description: "Up (details for the service role)",
              content: json(z.union([healthReportSchema, publicHealthSchema])),
            },
            "503": {
              description: "The database is down",
              content: json(z.union([healthReportSchema, publicHealthSchema])),
            },
          },
        }),
      },
      "/send-email": {
        post: op({
          summary: "Supabase Auth's Send Email hook (Standard Webhooks signature)",
          security: [{ webhook: [] }],
          requestBody: body(sendEmailHookPayload),
          responses: {
            "200": ok("Queued (and sent within the budget)", sendEmailResultSchema),
            ...errors(400, 401),
          },
        }),
      },
      "/email-worker": {
        post: op({
          summary: "Drains the email outbox (service role only; pg_cron calls it)",
          security: bearer,
          responses: { "200": ok("What was sent", drainResultSchema), ...errors(401, 403) },
        }),
      },
      "/generate-plan": {
        post: op({
          summary: "Starts a plan generation",
          description: "202 with the job to poll; with Accept: text/event-stream, 200 and a stream of " +
            "GenerationEvent (event: <type>, data: <json>) until done or error.",
          security: bearer,
          requestBody: body(generateRequestSchema()),
          responses: {
            "202": {
              ...ok("Queued", generationStartedSchema),
              headers: { Location: { schema: { type: "string" } } },
            },
            "200": {
              description: "Server-sent events",
              content: { "text/event-stream": { schema: generationEventSchema } },
            },
            ...errors(400, 401, 402, 403, 415, 429),
          },
        }),
      },
      "/generate-plan/jobs/{job_id}": {
        get: op({
          summary: "A generation job's status (the caller's own), with the plan once it succeeded",
          security: bearer,
          requestParams: { path: uuidParam("job_id") },
          responses: { "200": ok("The job", generationJobSchema), ...errors(400, 401, 404) },
        }),
      },
      "/plan-calendar/{plan_id}": {
        get: op({
          summary: "The plan as an .ics calendar (as the caller, anonymously, or through a share token)",
          requestParams: { path: planIdParamsSchema, query: shareTokenQuerySchema },
          responses: { "200": file("text/calendar", "The calendar"), ...errors(400, 401, 404) },
        }),
      },
      "/plan-pdf/{plan_id}": {
        get: op({
          summary: "The plan as a PDF (as the caller, anonymously, or through a share token)",
          requestParams: { path: planIdParamsSchema, query: shareTokenQuerySchema },
          responses: { "200": file("application/pdf", "The PDF"), ...errors(400, 401, 404) },
        }),
      },
      "/export-data": {
        post: op({
          summary: "All of the caller's data as a zip (one export per hour; GET works too)",
          security: bearer,
          responses: { "200": file("application/zip", "The export"), ...errors(401, 403, 429) },
        }),
      },
      "/sign-in": {
        post: op({
          summary: "Password sign-in with lockout per account and source",
          requestBody: body(signInRequestSchema),
          responses: {
            "200": ok("GoTrue's session and the device token", signInResultSchema),
            ...errors(400, 415, 429),
          },
        }),
      },
      "/account-unlock": {
        post: op({
          summary: 'Redeems an "account locked" email\'s token (once)',
          requestBody: body(unlockRequestSchema),
          responses: { "200": ok("Unlocked", unlockResultSchema), ...errors(400, 404, 410) },
        }),
      },
      "/cancel-account-deletion": {
        post: op({
          summary: "Cancels a pending account deletion with the email's token",
          requestBody: body(cancelDeletionRequestSchema),
          responses: { "200": ok("Restored", cancelDeletionResultSchema), ...errors(400, 404, 409, 410) },
        }),
      },
      "/payments/bookings": {
        post: op({
          summary: "Books an offer and starts its payment (idempotent with request_key)",
          security: bearer,
          requestBody: body(createBookingRequestSchema),
          responses: {
            "201": ok("Created", createBookingResultSchema),
            "200": ok("The same request again", createBookingResultSchema),
            ...errors(400, 401, 404, 409, 422, 502),
          },
        }),
      },
      "/payments/bookings/{booking_id}": {
        get: op({
          summary: "A booking (its owner or an admin)",
          security: bearer,
          requestParams: { path: uuidParam("booking_id") },
          responses: { "200": ok("The booking", bookingResultSchema), ...errors(400, 401, 403, 404) },
        }),
      },
      "/payments/bookings/{booking_id}/cancel": {
        post: op({
          summary: "Cancels a pending booking (its owner)",
          security: bearer,
          requestParams: { path: uuidParam("booking_id") },
          responses: { "200": ok("Cancelled", bookingResultSchema), ...errors(400, 401, 403, 404, 409) },
        }),
      },
      "/payments/bookings/{booking_id}/refund": {
        post: op({
          summary: "Refunds a booking, in full or in part (admins)",
          security: bearer,
          requestParams: { path: uuidParam("booking_id") },
          requestBody: body(refundRequestSchema),
          responses: { "200": ok("Refunded", refundResultSchema), ...errors(400, 401, 403, 404, 409) },
        }),
      },
      "/payments/subscription": {
        post: op({
          summary: "Starts a Pro subscription (Stripe Checkout in subscription mode)",
          description:
            "201 with the Checkout URL; while a subscription is live, 200 with the customer portal.",
          security: bearer,
          requestBody: body(subscribeRequestSchema),
          responses: {
            "201": ok("Checkout started", subscriptionCheckoutSchema),
            "200": ok("Already subscribed: the customer portal", portalSessionSchema),
            ...errors(400, 401, 403, 502, 503),
          },
        }),
      },
      "/payments/portal": {
        post: op({
          summary: "A customer-portal session (change plan, card, cancel)",
          security: bearer,
          requestBody: body(portalRequestSchema),
          responses: {
            "200": ok("The portal", portalSessionSchema),
            ...errors(400, 401, 403, 404, 502, 503),
          },
        }),
      },
      "/purge-worker": {
        post: op({
          summary: "Runs the due purge jobs (service role only; pg_cron calls it)",
          security: bearer,
          responses: { "200": ok("What was done", purgeRunResultSchema), ...errors(401, 403) },
        }),
      },
      "/stripe-webhook": {
        post: op({
          summary: "Stripe's events (signature checked)",
          responses: { "200": ok("Acknowledged", webhookAckSchema), ...errors(400, 503) },
        }),
      },
    },
  });
}

/** The document as committed: stable key order, two-space indent, trailing newline. */
export const openApiJson = () => JSON.stringify(buildOpenApiDocument(), null, 2) + "\n";
