// What `supabase config push` would send to a hosted project, and whether any of it is local. The CLI
// resolves env(NAME) references from the environment and lays a [remotes.<name>] block whose project_id
// is the target over the base config; this does the same, then looks for addresses that only make sense
// on a developer's machine. `npm run config:push` runs it before the real push (deploy/config-push.ts),
// and tests/unit/config-guard.test.ts keeps the committed config.toml free of literal local values.
import { parse } from "smol-toml";

type Toml = Record<string, unknown>;

/** Sections the CLI keeps to the local stack (never part of a hosted project's settings). */
const LOCAL_ONLY_SECTIONS = new Set([
  "project_id",
  "remotes",
  "studio",
  "local_smtp",
  "inbucket",
  "analytics",
  "edge_runtime",
  "functions",
]);
/** Keys that configure local containers (ports, local URLs of local services), never pushed. */
const LOCAL_ONLY_KEY = /(^|_)port$|^shadow_port$/;

const LOCAL_HOST =
  /(^|[/@.\s,"'])(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z0-9-]+\.local)(?=[:/\s,"']|$)/i;

const ENV_REF = /^env\(([A-Za-z_][A-Za-z0-9_]*)\)$/;

export interface Finding {
  /** Dotted path of the setting, e.g. auth.site_url. */
  path: string;
  /** The value that would be pushed ("" when an env() reference is unset). */
  value: string;
  problem: "local_address" | "unset_env";
  /** The env variable it came from, if any. */
  env?: string;
}

function isTable(v: unknown): v is Toml {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function merge(base: Toml, over: Toml): Toml {
  const out: Toml = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isTable(v) && isTable(base[k]) ? merge(base[k] as Toml, v) : v;
  }
  return out;
}

/** The config as it would be pushed to `projectRef`: base config with that project's remote block on top. */
export function configForRemote(toml: string, projectRef?: string): Toml {
  const config = parse(toml) as Toml;
  const remotes = isTable(config.remotes) ? config.remotes : {};
  const block = Object.values(remotes).find((r) => isTable(r) && projectRef && r.project_id === projectRef);
  return block ? merge(config, block as Toml) : config;
}

/** Every pushed string that is a local address, or an env() reference the environment leaves unset. */
export function findLocalValues(
  toml: string,
  env: Record<string, string | undefined>,
  projectRef?: string,
): Finding[] {
  const findings: Finding[] = [];
  const visit = (value: unknown, path: string[]) => {
    const key = path[path.length - 1] ?? "";
    if (path.length === 1 && LOCAL_ONLY_SECTIONS.has(key)) return;
    if (LOCAL_ONLY_KEY.test(key)) return;
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, String(i)]));
    if (isTable(value)) return Object.entries(value).forEach(([k, v]) => visit(v, [...path, k]));
    if (typeof value !== "string") return;
    const ref = value.match(ENV_REF)?.[1];
    const resolved = ref ? env[ref] ?? "" : value;
    if (ref && resolved === "") {
      findings.push({ path: path.join("."), value: "", problem: "unset_env", env: ref });
      return;
    }
    // A list in one env value (ADDITIONAL_REDIRECT_URLS) is checked entry by entry, like every value.
    if (resolved.split(",").some((part) => LOCAL_HOST.test(part.trim()))) {
      findings.push({ path: path.join("."), value: resolved, problem: "local_address", env: ref });
    }
  };
  visit(configForRemote(toml, projectRef), []);
  return findings;
}

/** Literal local addresses written into the pushed part of config.toml (env() references excluded). */
export function literalLocalValues(toml: string): Finding[] {
  return findLocalValues(toml, new Proxy({}, { get: () => "https://app.example.com" }))
    .filter((f) => f.problem === "local_address");
}
