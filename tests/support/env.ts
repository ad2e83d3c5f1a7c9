// Where the tests find the throwaway stack, and the local keys (read from local-stack/lib.sh, the one place
// they are written down).
import { readFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function libValue(name: string): string {
  const lib = readFileSync(path.join(ROOT, "local-stack/lib.sh"), "utf8");
  const match = lib.match(new RegExp(`^${name}="([^"]+)"`, "m"));
  if (!match) throw new Error(`${name} not found in local-stack/lib.sh`);
  return match[1];
}

export const LOCAL_JWT_SECRET = libValue("LOCAL_JWT_SECRET");
export const LOCAL_ANON_KEY = libValue("LOCAL_ANON_KEY");
export const LOCAL_SERVICE_ROLE_KEY = libValue("LOCAL_SERVICE_ROLE_KEY");
/** A development value of config.toml's env() references, from supabase/local.env. */
export function localEnvValue(name: string): string {
  const file = readFileSync(path.join(ROOT, "supabase/local.env"), "utf8");
  const match = file.match(new RegExp(`^${name}=(.+)$`, "m"));
  if (!match) throw new Error(`${name} not found in supabase/local.env`);
  return match[1];
}

export const LOCAL_SEND_EMAIL_HOOK_SECRET = localEnvValue("SEND_EMAIL_HOOK_SECRET");

export const TEST_DB_PORT = Number(process.env.TEST_DB_PORT ?? 54332);
export const TEST_DB_URL = process.env.TEST_DB_URL ??
  `postgresql://postgres:postgres@127.0.0.1:${TEST_DB_PORT}/postgres`;
export const DENO = path.join(ROOT, "node_modules/.bin/deno");
