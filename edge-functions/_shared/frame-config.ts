// Settings of the request frame every function runs in (createFunction in http.ts) and of the local
// functions server: which origins may call from a browser, and how many proxies in front of the
// functions append to X-Forwarded-For. Read once from the runtime's env, validated like every env.
import { z } from "zod";
import { type CorsPolicy, parseAllowedOrigins } from "./cors.ts";
import { envSchema } from "./secrets.ts";
import { type EnvSource, loadEnv } from "./env.ts";

export interface FrameConfig {
  cors: CorsPolicy;
  /** Proxies whose X-Forwarded-For entries are trusted: the client is the entry this many from the right. */
  trustedProxyHops: number;
}

/** The frame's variables, as the registry reads them. */
export const frameEnv = envSchema(["CORS_ALLOWED_ORIGINS", "TRUSTED_PROXY_HOPS"]);

/** Hosted projects are served from https://<ref>.supabase.co: there, `*` is refused at start. */
const HOSTED = /^https:\/\/[a-z0-9-]+\.supabase\.(co|in)(\/|$)/i;

export function frameConfigFromEnv(source: EnvSource): FrameConfig {
  const env = loadEnv(
    frameEnv.extend({ SUPABASE_URL: z.string().optional() }).refine(
      (e) => !(e.CORS_ALLOWED_ORIGINS?.trim() === "*" && HOSTED.test(e.SUPABASE_URL ?? "")),
      { path: ["CORS_ALLOWED_ORIGINS"], message: "* is for the local stack only; list the app's origins" },
    ),
    source,
  );
  return { cors: parseAllowedOrigins(env.CORS_ALLOWED_ORIGINS), trustedProxyHops: env.TRUSTED_PROXY_HOPS };
}

/** The runtime's env: Deno's on the Edge Runtime and the local stack, Node's under vitest. */
function runtimeEnv(): EnvSource {
  const g = globalThis as {
    Deno?: { env: { toObject(): EnvSource } };
    process?: { env: EnvSource };
  };
  return g.Deno?.env.toObject() ?? g.process?.env ?? {};
}

let ambient: FrameConfig | undefined;

/** The frame config from the runtime's env, read once (a bad value fails the function's start). */
export function ambientFrameConfig(): FrameConfig {
  ambient ??= frameConfigFromEnv(runtimeEnv());
  return ambient;
}
