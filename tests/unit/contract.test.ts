// The contract (edge-functions/_contract): the committed OpenAPI document is what the contract generates,
// zod failures read the same everywhere, and vocabularies copied out of domains stay equal to them.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  errorBodySchema,
  formatZodIssues,
  generateRequestSchema,
  SECURITY_NOTICES,
  zodIssuesText,
} from "../../edge-functions/_contract/index.ts";
import { openApiJson } from "../../edge-functions/_contract/openapi.ts";
import { SECURITY_NOTICES as TEMPLATE_NOTICES } from "../../edge-functions/_email/templates/auth.tsx";
import { readJson } from "../../edge-functions/_shared/http.ts";

describe("OpenAPI document", () => {
  it("clients/openapi.json is what the contract generates (run npm run gen:openapi after a change)", () => {
    const committed = readFileSync(new URL("../../clients/openapi.json", import.meta.url), "utf8");
    expect(committed).toBe(openApiJson());
  });

  it("describes every function folder (a new function needs its contract)", () => {
    const doc = JSON.parse(openApiJson());
    const root = new URL("../../edge-functions/", import.meta.url);
    const functions = readdirSync(root, { withFileTypes: true })
      .filter((d) =>
        d.isDirectory() && !d.name.startsWith("_") && readdirSync(new URL(d.name, root)).includes("index.ts")
      )
      .map((d) => d.name);
    expect(functions.length).toBeGreaterThanOrEqual(12);
    const described = new Set(Object.keys(doc.paths).map((p) => p.split("/")[1]));
    expect(functions.filter((f) => !described.has(f))).toEqual([]);
  });

  it("is OpenAPI 3.1 with every function's paths and the shared error body", () => {
    const doc = JSON.parse(openApiJson());
    expect(doc.openapi).toBe("3.1.0");
    for (
      const p of [
        "/health",
        "/send-email",
        "/email-worker",
        "/generate-plan",
        "/generate-plan/jobs/{job_id}",
        "/plan-calendar/{plan_id}",
        "/plan-pdf/{plan_id}",
        "/export-data",
        "/sign-in",
        "/account-unlock",
        "/cancel-account-deletion",
        "/payments/bookings",
        "/stripe-webhook",
      ]
    ) expect(doc.paths, p).toHaveProperty([p]);
    expect(doc.components.schemas.ErrorBody.required).toEqual(["error"]);
    expect(doc.components.schemas.GenerationJob.required).toContain("plan");
    expect(doc.components.schemas.GenerationEvent.oneOf ?? doc.components.schemas.GenerationEvent.anyOf)
      .toHaveLength(6);
  });
});

describe("zod errors", () => {
  const schema = z.object({ a: z.object({ b: z.number() }), c: z.string() });
  const error = schema.safeParse({ a: { b: "x" } }).error!;

  it("become { path, message } with a dotted path", () => {
    expect(formatZodIssues(error)).toEqual([
      { path: "a.b", message: expect.any(String) },
      { path: "c", message: expect.any(String) },
    ]);
    expect(zodIssuesText(error)).toMatch(/^a\.b: .+; c: .+$/);
  });

  it("reach a client the same way through readJson, in the contract's error body", async () => {
    const req = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: { b: "x" } }),
    });
    const thrown = await readJson(req, schema).catch((e) => e);
    expect(thrown.details).toEqual(formatZodIssues(error));
    expect(
      errorBodySchema.parse({
        error: { code: thrown.code, message: thrown.message, details: thrown.details },
      }),
    )
      .toBeTruthy();
  });
});

describe("vocabularies", () => {
  it("the hook payload's security notices are the ones the email templates render", () => {
    expect([...SECURITY_NOTICES].sort()).toEqual([...TEMPLATE_NOTICES].sort());
  });

  it("the generate-plan request schema fills defaults and refuses unknown fields", () => {
    const schema = generateRequestSchema(() => "2026-01-01");
    const parsed = schema.parse({
      destination: "Lisbon",
      start_date: "2026-02-01",
      end_date: "2026-02-03",
      budget: { amount: 100, currency: "EUR" },
    });
    expect(parsed).toMatchObject({ adults: 1, children: 0, pace: "moderate", language: "en", interests: [] });
    expect(schema.safeParse({ ...parsed, extra: 1 }).success).toBe(false);
  });
});
