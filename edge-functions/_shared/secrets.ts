// Every environment variable the functions read, in one list: the health function reports the missing
// required ones (names only), and a unit test checks that .env.example documents each of them.

export interface SecretSpec {
  name: string;
  /** Set by the platform on hosted Supabase (and by the local stack); never `supabase secrets set`. */
  platform: boolean;
  /** Health reports it as missing when unset. */
  required: boolean;
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
];

export const REQUIRED_SECRETS: readonly string[] = SECRETS.filter((s) => s.required).map((s) => s.name);

export function missingSecrets(
  env: Record<string, string | undefined>,
  required: readonly string[] = REQUIRED_SECRETS,
): string[] {
  return required.filter((name) => !env[name]);
}
