// `npm run config:push -- [--remote=<ref>] [--yes]`: `supabase config push`, after checking that nothing
// local (site URL, redirect URLs, hook URIs) would reach the hosted project. The env() values come from
// this shell (e.g. `set -a; . ./production.env; set +a`); supabase/local.env is never read here.
import { findLocalValues } from "./config-guard.ts";

const root = new URL("..", import.meta.url);
const toml = await Deno.readTextFile(new URL("supabase/config.toml", root));
const remoteArg = Deno.args.find((a) => a.startsWith("--remote="))?.slice("--remote=".length);
let ref = remoteArg;
if (!ref) {
  try {
    ref = (await Deno.readTextFile(new URL("supabase/.temp/project-ref", root))).trim();
  } catch { /* not linked: the base config is what would be pushed */ }
}

const findings = findLocalValues(toml, Deno.env.toObject(), ref);
if (findings.length > 0) {
  console.error(
    `config push refused: these settings would reach project ${
      ref ?? "(linked)"
    } with local or missing values:`,
  );
  for (const f of findings) {
    const from = f.env ? ` (from env ${f.env})` : "";
    console.error(`  ${f.path}${from}: ${f.problem === "unset_env" ? "unset" : f.value}`);
  }
  console.error("Set them to the production values (README, Deploying) and run again.");
  Deno.exit(1);
}

const cli = new URL("node_modules/.bin/supabase", root).pathname;
const { code } = await new Deno.Command(cli, { args: ["config", "push", ...Deno.args], stdin: "inherit" })
  .spawn()
  .status;
Deno.exit(code);
