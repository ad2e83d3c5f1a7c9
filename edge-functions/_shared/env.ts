// Environment loading validated with zod. A function reads its env once at start-up; a missing or
// malformed variable fails fast with a message that names it (and never prints its value).
import { z } from "zod";

export class EnvError extends Error {
  readonly variables: string[];
  constructor(variables: string[], detail: string) {
    super(`Invalid environment: ${detail}`);
    this.name = "EnvError";
    this.variables = variables;
  }
}

export type EnvSource = Record<string, string | undefined>;

/** Treat empty strings as unset, the way `supabase secrets set FOO=` leaves them. */
function clean(source: EnvSource): EnvSource {
  const out: EnvSource = {};
  for (const [k, v] of Object.entries(source)) out[k] = v === "" ? undefined : v;
  return out;
}

export function loadEnv<S extends z.ZodObject>(schema: S, source: EnvSource): z.infer<S> {
  const result = schema.safeParse(clean(source));
  if (result.success) return result.data;
  const variables = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? "?")))];
  const detail = result.error.issues
    .map((i) => {
      const name = String(i.path[0] ?? "?");
      const missing = source[name] === undefined || source[name] === "";
      return missing ? `${name} is missing` : `${name} is invalid (${i.message})`;
    })
    .join("; ");
  throw new EnvError(variables, detail);
}
