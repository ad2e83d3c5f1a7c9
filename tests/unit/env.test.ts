import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, loadEnv, platformEnv } from "../../edge-functions/_shared/env.ts";
import { SECRETS } from "../../edge-functions/_shared/secrets.ts";
import { ROOT } from "../support/env.ts";

describe("loadEnv", () => {
  const schema = z.object({ ...platformEnv, RESEND_API_KEY: z.string().min(10) });
  const good = {
    SUPABASE_URL: "http://127.0.0.1:54321",
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
    SUPABASE_ANON_KEY: "a".repeat(40),
    SUPABASE_SERVICE_ROLE_KEY: "s".repeat(40),
    RESEND_API_KEY: "re_1234567890",
  };

  it("returns the typed values", () => {
    expect(loadEnv(schema, good).RESEND_API_KEY).toBe("re_1234567890");
  });

  it("fails fast naming the missing variable (an empty string counts as missing)", () => {
    const err = (() => {
      try {
        loadEnv(schema, { ...good, RESEND_API_KEY: "" });
      } catch (e) {
        return e;
      }
    })() as EnvError;
    expect(err).toBeInstanceOf(EnvError);
    expect(err.variables).toEqual(["RESEND_API_KEY"]);
    expect(err.message).toContain("RESEND_API_KEY is missing");
  });

  it("names an invalid variable without printing its value", () => {
    expect(() => loadEnv(schema, { ...good, SUPABASE_DB_URL: "mysql://secret-password@host" })).toThrowError(
      /SUPABASE_DB_URL is invalid/,
    );
    try {
      loadEnv(schema, { ...good, SUPABASE_DB_URL: "mysql://secret-password@host" });
    } catch (e) {
      expect((e as Error).message).not.toContain("secret-password");
    }
  });
});

describe(".env.example", () => {
  const example = readFileSync(path.join(ROOT, ".env.example"), "utf8").split("\n");

  it("documents every variable the functions read, each with a comment above it", () => {
    for (const s of SECRETS) {
      const i = example.findIndex((l) => new RegExp(`^#?\\s*${s.name}=`).test(l));
      expect(i, `${s.name} is not in .env.example`).toBeGreaterThan(0);
      expect(example[i - 1], `${s.name} has no comment`).toMatch(/^#/);
    }
  });
});
