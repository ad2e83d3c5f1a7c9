// Every environment variable of the project, in one registry: its zod schema (how it is read), whether the
// platform sets it, when health reports it missing, and what it is for. Functions read their env through
// readEnv (each index.ts names the variables it needs); health's "missing secrets" and .env.example derive
// from it (tests/unit/env.test.ts fails when .env.example and the registry differ in either direction).
import { z } from "zod";
import { parseAllowedOrigins } from "./cors.ts";
import { type EnvSource, loadEnv } from "./env.ts";

export interface SecretSpec {
  name: string;
  /** Set by the platform on hosted Supabase (and by the local stack); never `supabase secrets set`. */
  platform: boolean;
  /** Health reports it as missing when unset (a function of the env when it depends on other settings). */
  required: boolean | ((env: EnvSource) => boolean);
  description: string;
  /** Who reads it: the functions (default), or config.toml when `npm run config:push` runs. */
  readBy?: "functions" | "config";
}

interface VarSpec<S extends z.ZodType = z.ZodType> extends Omit<SecretSpec, "name"> {
  schema: S;
}

/** The plan providers PLAN_PROVIDER may name (see _planner/providers/select.ts). */
export const PLAN_PROVIDERS = ["offline", "openai", "anthropic", "openai_compatible"] as const;

/** Optional free text; blank (after trimming) counts as unset, like an empty `supabase secrets set FOO=`. */
const optionalText = z.string().trim().transform((v) => (v === "" ? undefined : v)).optional();
const httpUrl = z.string().trim().regex(/^https?:\/\/[^/\s]+/, "must be an http(s) URL").optional();

const define = <T extends Record<string, VarSpec>>(vars: T) => vars;

export const ENV = define({
  SUPABASE_URL: {
    schema: z.url(),
    platform: true,
    required: true,
    description: "Project URL",
  },
  SUPABASE_DB_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
    platform: true,
    required: true,
    description: "Direct Postgres URL",
  },
  SUPABASE_ANON_KEY: {
    schema: z.string().min(20),
    platform: true,
    required: true,
    description: "Public anon key",
  },
  SUPABASE_SERVICE_ROLE_KEY: {
    schema: z.string().min(20),
    platform: true,
    required: true,
    description: "Service role key",
  },
  SUPABASE_JWKS: {
    schema: z.string().optional(),
    platform: true,
    required: false,
    description: "Public signing keys (JSON); fetched from the project's JWKS URL when unset",
  },
  JWT_SECRET: {
    schema: z.string().min(32).optional(),
    platform: false,
    required: false,
    description: "Legacy HS256 JWT secret, only for projects still signing with it",
  },
  SEND_EMAIL_HOOK_SECRET: {
    schema: z.string().regex(/v1,whsec_/, "must look like v1,whsec_<base64>"),
    platform: false,
    required: true,
    description: "Standard Webhooks secret of the Send Email hook (v1,whsec_...)",
  },
  CORS_ALLOWED_ORIGINS: {
    schema: z.string().optional().superRefine((value, ctx) => {
      try {
        parseAllowedOrigins(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
    platform: false,
    required: true,
    description: "Origins allowed to call the functions from a browser (comma-separated; * only locally)",
  },
  TRUSTED_PROXY_HOPS: {
    schema: z.coerce.number().int().min(1).max(10).default(1),
    platform: false,
    required: false,
    description: "Proxies appending to X-Forwarded-For in front of the functions (default 1)",
  },
  EMAIL_PROVIDER: {
    schema: z.enum(["resend", "mailbox"]).default("resend"),
    platform: false,
    required: false,
    description: "resend (default) or mailbox",
  },
  EMAIL_FROM: {
    schema: z.string().min(3).default("TripMaster <hello@tripmaster.app>"),
    platform: false,
    required: false,
    description: "Sender of every email",
  },
  SITE_URL: {
    schema: z.url(),
    platform: false,
    required: true,
    description: "The app's URL, for links in emails",
  },
  ADDITIONAL_REDIRECT_URLS: {
    schema: z.string().optional().transform((v) =>
      (v ?? "").split(",").map((u) => u.trim()).filter((u) => u.length > 0)
    ).pipe(z.array(z.url())),
    platform: false,
    required: false,
    description: "Comma-separated app URLs besides SITE_URL that auth links may redirect to",
  },
  RESEND_API_KEY: {
    schema: z.string().min(1).optional(),
    platform: false,
    required: (env) => (env.EMAIL_PROVIDER ?? "resend") === "resend",
    description: "Resend API key (when EMAIL_PROVIDER=resend)",
  },
  RESEND_BASE_URL: {
    schema: z.url().optional(),
    platform: false,
    required: false,
    description: "Resend API base URL (tests)",
  },
  MAILBOX_DIR: {
    schema: z.string().min(1).optional(),
    platform: false,
    required: false,
    description: "Local mailbox folder (EMAIL_PROVIDER=mailbox)",
  },
  PLAN_PROVIDER: {
    schema: z.enum(PLAN_PROVIDERS).optional(),
    platform: false,
    required: false,
    description:
      "offline | openai | anthropic | openai_compatible (default: first key present, else offline)",
  },
  OPENAI_API_KEY: {
    schema: optionalText,
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai",
    description: "OpenAI API key",
  },
  OPENAI_MODEL: {
    schema: optionalText,
    platform: false,
    required: false,
    description: "OpenAI model",
  },
  OPENAI_BASE_URL: {
    schema: httpUrl,
    platform: false,
    required: false,
    description: "OpenAI API base URL (tests)",
  },
  ANTHROPIC_API_KEY: {
    schema: optionalText,
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "anthropic",
    description: "Anthropic API key",
  },
  ANTHROPIC_MODEL: {
    schema: optionalText,
    platform: false,
    required: false,
    description: "Anthropic model",
  },
  ANTHROPIC_BASE_URL: {
    schema: httpUrl,
    platform: false,
    required: false,
    description: "Anthropic API base URL (tests)",
  },
  LLM_BASE_URL: {
    schema: httpUrl,
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai_compatible",
    description: "Base URL of an OpenAI-compatible endpoint",
  },
  LLM_API_KEY: {
    schema: optionalText,
    platform: false,
    required: false,
    description: "Key of the OpenAI-compatible endpoint",
  },
  LLM_MODEL: {
    schema: optionalText,
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai_compatible",
    description: "Model of the OpenAI-compatible endpoint",
  },
  LLM_STRUCTURED_OUTPUTS: {
    schema: z.enum(["true", "false"]).optional(),
    platform: false,
    required: false,
    description: "false without JSON-schema outputs",
  },
  PLAN_PROVIDER_TIMEOUT_MS: {
    schema: z.coerce.number<string>().int("must be a positive whole number of milliseconds").positive(
      "must be a positive whole number of milliseconds",
    ).optional(),
    platform: false,
    required: false,
    description: "Timeout of one provider call",
  },
  STRIPE_SECRET_KEY: {
    schema: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret or restricted key"),
    platform: false,
    required: false,
    description:
      "Stripe secret key (payments, stripe-webhook); the local stack uses its Stripe double when unset",
  },
  STRIPE_WEBHOOK_SECRET: {
    schema: z.string().optional(),
    platform: false,
    required: false,
    description: "Signing secret of the stripe-webhook endpoint (whsec_...)",
  },
  STRIPE_WEBHOOK_SECRETS: {
    schema: z.string().optional(),
    platform: false,
    required: false,
    description: "Several webhook signing secrets, comma-separated, while rotating",
  },
  STRIPE_API_BASE: {
    schema: z.url().optional(),
    platform: false,
    required: false,
    description: "Stripe API base URL (tests, local)",
  },
  STRIPE_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(60_000).optional(),
    platform: false,
    required: false,
    description: "Timeout of one Stripe call",
  },
  STRIPE_PRICE_LOOKUP_PRO_MONTHLY: {
    schema: z.string().min(1).max(200).default("tripmaster_pro_monthly"),
    platform: false,
    required: false,
    description: "Stripe lookup key of the monthly Pro price (never a price id)",
  },
  STRIPE_PRICE_LOOKUP_PRO_YEARLY: {
    schema: z.string().min(1).max(200).default("tripmaster_pro_yearly"),
    platform: false,
    required: false,
    description: "Stripe lookup key of the yearly Pro price",
  },
  STORAGE_API_URL: {
    schema: z.url().optional(),
    platform: false,
    required: false,
    description: "Storage API the purge worker deletes objects through (default SUPABASE_URL/storage/v1)",
  },
  SEND_EMAIL_HOOK_URI: {
    schema: z.url().optional(),
    platform: false,
    required: false,
    readBy: "config",
    description: "Where Auth calls the Send Email hook (config.toml at config:push, not a function)",
  },
});

export type EnvName = keyof typeof ENV;
/** The typed values of the named variables, as their schemas read them. */
export type EnvValues<K extends EnvName> = { [P in K]: z.output<(typeof ENV)[P]["schema"]> };

/** The zod schema of some variables, to extend or refine (frame-config, payments). */
export function envSchema<K extends EnvName>(names: readonly K[]) {
  return z.object(
    Object.fromEntries(names.map((n) => [n, ENV[n].schema])) as { [P in K]: (typeof ENV)[P]["schema"] },
  );
}

/** Reads and validates the named variables from `source` (fails fast naming the bad ones, never printing a
 * value). `defaults` fill unset ones for a caller that has a local fallback. */
export function readEnv<K extends EnvName>(
  names: readonly K[],
  source: EnvSource,
  defaults: Partial<Record<K, string>> = {},
): EnvValues<K> {
  const filled: EnvSource = { ...source };
  for (const [name, value] of Object.entries(defaults) as [K, string][]) {
    if (filled[name] === undefined || filled[name] === "") filled[name] = value;
  }
  return loadEnv(envSchema(names), filled) as EnvValues<K>;
}

/** Only the registry's variables of `source`, as strings (health, which must start with any missing). */
export function registeredEnv(source: EnvSource): EnvSource {
  return Object.fromEntries(Object.keys(ENV).map((name) => [name, source[name]]));
}

/** The registry as a list, in declaration order. */
export const SECRETS: readonly SecretSpec[] = Object.entries(ENV).map(([name, spec]) => {
  const { schema: _, ...rest } = spec as VarSpec;
  return { name, ...rest };
});

/** The variables health checks for, given the rest of the env. */
export function requiredSecrets(env: EnvSource): string[] {
  return SECRETS.filter((s) => (s.readBy ?? "functions") === "functions")
    .filter((s) => (typeof s.required === "function" ? s.required(env) : s.required))
    .map((s) => s.name);
}

export function missingSecrets(env: EnvSource, required?: readonly string[]): string[] {
  return (required ?? requiredSecrets(env)).filter((name) => !env[name]);
}
