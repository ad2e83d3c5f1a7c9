// `supabase config push` sends config.toml to the hosted project: nothing local may reach it that way.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configForRemote, findLocalValues, literalLocalValues } from "../../deploy/config-guard.ts";
import { ROOT } from "../support/env.ts";

const toml = readFileSync(path.join(ROOT, "supabase/config.toml"), "utf8");
const localEnv = Object.fromEntries(
  readFileSync(path.join(ROOT, "supabase/local.env"), "utf8").split("\n")
    .filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);
const production = {
  SITE_URL: "https://app.tripmaster.example",
  ADDITIONAL_REDIRECT_URLS: "https://staging.tripmaster.example",
  SEND_EMAIL_HOOK_URI: "https://abcdefghijklmnopqrst.supabase.co/functions/v1/send-email",
  SEND_EMAIL_HOOK_SECRET: "v1,whsec_cHJvZHVjdGlvbi1zZWNyZXQtcHJvZHVjdGlvbi1zZWNyZXQ=",
};

describe("config.toml pushed to a hosted project", () => {
  it("has no literal local address in any pushed setting (they come from env())", () => {
    expect(literalLocalValues(toml)).toEqual([]);
  });

  it("takes the values that differ by environment from env()", () => {
    const auth = parseAuth(toml);
    expect(auth.site_url).toBe("env(SITE_URL)");
    expect(auth.additional_redirect_urls).toEqual(["env(ADDITIONAL_REDIRECT_URLS)"]);
    expect(auth.hook.send_email.uri).toBe("env(SEND_EMAIL_HOOK_URI)");
  });

  it("passes with production values", () => {
    expect(findLocalValues(toml, production)).toEqual([]);
  });

  it("refuses the local development values, and unset ones", () => {
    const found = findLocalValues(toml, localEnv).map((f) => f.path).sort();
    expect(found).toEqual(["auth.additional_redirect_urls.0", "auth.hook.send_email.uri", "auth.site_url"]);
    expect(findLocalValues(toml, { ...production, SITE_URL: undefined })).toEqual([
      { path: "auth.site_url", value: "", problem: "unset_env", env: "SITE_URL" },
    ]);
    expect(
      findLocalValues(toml, {
        ...production,
        ADDITIONAL_REDIRECT_URLS: "https://ok.example, http://localhost:3000",
      })
        .map((f) => f.path),
    ).toEqual(["auth.additional_redirect_urls.0"]);
  });

  it("catches a literal local URL, including one in a [remotes] block for the target project", () => {
    const literal = toml.replace('site_url = "env(SITE_URL)"', 'site_url = "http://localhost:3000"');
    expect(literalLocalValues(literal).map((f) => f.path)).toEqual(["auth.site_url"]);
    const remote = `${toml}\n[remotes.production]\nproject_id = "abcdefghijklmnopqrst"\n\n` +
      `[remotes.production.auth]\nsite_url = "http://127.0.0.1:3000"\n`;
    expect(findLocalValues(remote, production, "abcdefghijklmnopqrst").map((f) => f.path)).toEqual([
      "auth.site_url",
    ]);
    // Another project's block does not apply.
    expect(findLocalValues(remote, production, "zzzzzzzzzzzzzzzzzzzz")).toEqual([]);
    expect((configForRemote(remote, "abcdefghijklmnopqrst").auth as { site_url: string }).site_url)
      .toBe("http://127.0.0.1:3000");
  });

  it("leaves local-only sections alone (ports, studio, local SMTP, function entrypoints)", () => {
    expect(findLocalValues(toml, production).some((f) => /studio|local_smtp|port|functions/.test(f.path)))
      .toBe(false);
  });
});

function parseAuth(text: string) {
  return configForRemote(text).auth as {
    site_url: string;
    additional_redirect_urls: string[];
    hook: { send_email: { uri: string } };
  };
}
