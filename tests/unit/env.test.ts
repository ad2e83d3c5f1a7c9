import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, loadEnv } from "../../edge-functions/_shared/env.ts";
import {
  ENV,
  envSchema,
  readEnv,
  registeredEnv,
  requiredSecrets,
  SECRETS,
} from "../../edge-functions/_shared/secrets.ts";
import { ROOT } from "../support/env.ts";

describe("loadEnv", () => {
  const schema = envSchema([
    "SUPABASE_URL",
    "SUPABASE_DB_URL",
    "SUPABASE_ANON_KEY",
    "SUPABASE_SERVICE_ROLE_KEY",
  ])
    .extend({ RESEND_API_KEY: z.string().min(10) });
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
  /** Every NAME= line, commented out or not. */
  const documented = example.flatMap((l) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(l)?.[1] ?? []);

  it("documents every variable of the registry, each with a comment above it", () => {
    for (const s of SECRETS) {
      const i = example.findIndex((l) => new RegExp(`^#?\\s*${s.name}=`).test(l));
      expect(i, `${s.name} is not in .env.example`).toBeGreaterThan(0);
      expect(example[i - 1], `${s.name} has no comment`).toMatch(/^#/);
    }
  });

  it("documents nothing the registry does not know (the registry is the source)", () => {
    expect(documented.filter((name) => !Object.hasOwn(ENV, name))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });
});

describe("the env registry", () => {
  const platform = {
    SUPABASE_URL: "http://127.0.0.1:54321",
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
  };

  it("reads the named variables with their registered schemas (defaults, coercion, transforms)", () => {
    const env = readEnv(
      ["SUPABASE_URL", "TRUSTED_PROXY_HOPS", "EMAIL_PROVIDER", "ADDITIONAL_REDIRECT_URLS", "OPENAI_MODEL"],
      {
        ...platform,
        TRUSTED_PROXY_HOPS: "2",
        ADDITIONAL_REDIRECT_URLS: "http://a.test, http://b.test",
        OPENAI_MODEL: "  ",
      },
    );
    expect(env).toEqual({
      SUPABASE_URL: platform.SUPABASE_URL,
      TRUSTED_PROXY_HOPS: 2,
      EMAIL_PROVIDER: "resend",
      ADDITIONAL_REDIRECT_URLS: ["http://a.test", "http://b.test"],
      OPENAI_MODEL: undefined,
    });
    // Only what was asked for: another variable in the source is not returned.
    expect(Object.keys(readEnv(["SUPABASE_URL"], platform))).toEqual(["SUPABASE_URL"]);
  });

  it("fails naming the variable, never its value; a caller default fills an unset one only", () => {
    expect(() => readEnv(["SUPABASE_DB_URL"], { SUPABASE_DB_URL: "mysql://pw@host" })).toThrowError(
      /SUPABASE_DB_URL is invalid/,
    );
    expect(() => readEnv(["SITE_URL"], {})).toThrowError(/SITE_URL is missing/);
    expect(readEnv(["SITE_URL"], {}, { SITE_URL: "http://127.0.0.1:3000" }).SITE_URL).toBe(
      "http://127.0.0.1:3000",
    );
    expect(readEnv(["SITE_URL"], { SITE_URL: "https://app.test" }, { SITE_URL: "http://x.test" }).SITE_URL)
      .toBe(
        "https://app.test",
      );
  });

  it("gives health the registry's variables only, and what is required given the rest", () => {
    expect(Object.keys(registeredEnv({ ...platform, PATH: "/usr/bin", HOME: "/root" }))).not.toContain(
      "PATH",
    );
    expect(requiredSecrets({})).toContain("RESEND_API_KEY");
    expect(requiredSecrets({ EMAIL_PROVIDER: "mailbox" })).not.toContain("RESEND_API_KEY");
    expect(requiredSecrets({ PLAN_PROVIDER: "anthropic" })).toContain("ANTHROPIC_API_KEY");
    // Read by config.toml at config:push, not by a function: never a missing function secret.
    expect(requiredSecrets({})).not.toContain("SEND_EMAIL_HOOK_URI");
  });
});
