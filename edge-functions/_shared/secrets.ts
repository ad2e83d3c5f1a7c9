// Every environment variable the functions read, in one list: the health function reports the missing
// required ones (names only), and a unit test checks that .env.example documents each of them.

export interface SecretSpec {
  name: string;
  /** Set by the platform on hosted Supabase (and by the local stack); never `supabase secrets set`. */
  platform: boolean;
  /** Health reports it as missing when unset (a function of the env when it depends on other settings). */
  required: boolean | ((env: Record<string, string | undefined>) => boolean);
  description: string;
}

export const SECRETS: readonly SecretSpec[] = [
  { name: "SUPABASE_URL", platform: true, required: true, description: "Project URL" },
  { name: "SUPABASE_DB_URL", platform: true, required: true, description: "Direct Postgres URL" },
  { name: "SUPABASE_ANON_KEY", platform: true, required: true, description: "Public anon key" },
  { name: "SUPABASE_SERVICE_ROLE_KEY", platform: true, required: true, description: "Service role key" },
  {
    name: "SUPABASE_JWKS",
    platform: true,
    required: false,
    description: "Public signing keys (JSON); fetched from the project's JWKS URL when unset",
  },
  {
    name: "JWT_SECRET",
    platform: false,
    required: false,
    description: "Legacy HS256 JWT secret, only for projects still signing with it",
  },
  {
    name: "SEND_EMAIL_HOOK_SECRET",
    platform: false,
    required: true,
    description: "Standard Webhooks secret of the Send Email hook (v1,whsec_...)",
  },
  {
    name: "CORS_ALLOWED_ORIGINS",
    platform: false,
    required: true,
    description: "Origins allowed to call the functions from a browser (comma-separated; * only locally)",
  },
  {
    name: "TRUSTED_PROXY_HOPS",
    platform: false,
    required: false,
    description: "Proxies appending to X-Forwarded-For in front of the functions (default 1)",
  },
  { name: "EMAIL_PROVIDER", platform: false, required: false, description: "resend (default) or mailbox" },
  { name: "EMAIL_FROM", platform: false, required: false, description: "Sender of every email" },
  { name: "SITE_URL", platform: false, required: true, description: "The app's URL, for links in emails" },
  {
    name: "ADDITIONAL_REDIRECT_URLS",
    platform: false,
    required: false,
    description: "Comma-separated app URLs besides SITE_URL that auth links may redirect to",
  },
  {
    name: "RESEND_API_KEY",
    platform: false,
    required: (env) => (env.EMAIL_PROVIDER ?? "resend") === "resend",
    description: "Resend API key (when EMAIL_PROVIDER=resend)",
  },
  { name: "RESEND_BASE_URL", platform: false, required: false, description: "Resend API base URL (tests)" },
  {
    name: "MAILBOX_DIR",
    platform: false,
    required: false,
    description: "Local mailbox folder (EMAIL_PROVIDER=mailbox)",
  },
  {
    name: "PLAN_PROVIDER",
    platform: false,
    required: false,
    description:
      "offline | openai | anthropic | openai_compatible (default: first key present, else offline)",
  },
  {
    name: "OPENAI_API_KEY",
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai",
    description: "OpenAI API key",
  },
  { name: "OPENAI_MODEL", platform: false, required: false, description: "OpenAI model" },
  { name: "OPENAI_BASE_URL", platform: false, required: false, description: "OpenAI API base URL (tests)" },
  {
    name: "ANTHROPIC_API_KEY",
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "anthropic",
    description: "Anthropic API key",
  },
  { name: "ANTHROPIC_MODEL", platform: false, required: false, description: "Anthropic model" },
  {
    name: "ANTHROPIC_BASE_URL",
    platform: false,
    required: false,
    description: "Anthropic API base URL (tests)",
  },
  {
    name: "LLM_BASE_URL",
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai_compatible",
    description: "Base URL of an OpenAI-compatible endpoint",
  },
  {
    name: "LLM_API_KEY",
    platform: false,
    required: false,
    description: "Key of the OpenAI-compatible endpoint",
  },
  {
    name: "LLM_MODEL",
    platform: false,
    required: (env) => env.PLAN_PROVIDER === "openai_compatible",
    description: "Model of the OpenAI-compatible endpoint",
  },
  {
    name: "LLM_STRUCTURED_OUTPUTS",
    platform: false,
    required: false,
    description: "false without JSON-schema outputs",
  },
  {
    name: "PLAN_PROVIDER_TIMEOUT_MS",
    platform: false,
    required: false,
    description: "Timeout of one provider call",
  },
  {
    name: "STRIPE_SECRET_KEY",
    platform: false,
    required: false,
    description:
      "Stripe secret key (payments, stripe-webhook); the local stack uses its Stripe double when unset",
  },
  {
    name: "STRIPE_WEBHOOK_SECRET",
    platform: false,
    required: false,
    description: "Signing secret of the stripe-webhook endpoint (whsec_...)",
  },
  {
    name: "STRIPE_WEBHOOK_SECRETS",
    platform: false,
    required: false,
    description: "Several webhook signing secrets, comma-separated, while rotating",
  },
  {
    name: "STRIPE_API_BASE",
    platform: false,
    required: false,
    description: "Stripe API base URL (tests, local)",
  },
  { name: "STRIPE_TIMEOUT_MS", platform: false, required: false, description: "Timeout of one Stripe call" },
];

/** The variables health checks for, given the rest of the env. */
export function requiredSecrets(env: Record<string, string | undefined>): string[] {
  return SECRETS.filter((s) => (typeof s.required === "function" ? s.required(env) : s.required)).map((s) =>
    s.name
  );
}

export function missingSecrets(
  env: Record<string, string | undefined>,
  required?: readonly string[],
): string[] {
  return (required ?? requiredSecrets(env)).filter((name) => !env[name]);
}
