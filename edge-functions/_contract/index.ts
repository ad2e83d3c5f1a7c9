// The contract of every TripMaster function: request schemas, response shapes, event types and the error
// body, in zod (pure: no Deno or Node APIs). The functions validate with it, @tripmaster/client is typed
// from it and the OpenAPI document (clients/openapi.json) is generated from it, so they cannot drift.
export * from "./errors.ts";
export * from "./plan.ts";
export * from "./generate-plan.ts";
export * from "./auth.ts";
export * from "./account.ts";
export * from "./payments.ts";
export * from "./health.ts";
export * from "./email.ts";
export * from "./documents.ts";
