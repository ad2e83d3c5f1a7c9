// The layout's import rules, checked over the whole edge-functions tree from the parsed import specifiers
// (static imports, re-exports, dynamic import() and `import type`, as TypeScript's own pre-processor reads
// them):
// - a function (edge-functions/<name>/) never imports another function;
// - shared plumbing (_shared/) and domains (_email/, _planner/, ...) never import a function;
// - shared plumbing never imports a domain (plumbing is what every domain builds on);
// - the contract (_contract/) is a leaf everyone may import (the frame's error body, the functions' shapes,
//   the client package): it imports nothing of the project but itself;
// - nothing under edge-functions/ imports from outside it (tests, clients, local-stack are not deployed).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/env.ts";

const FUNCTIONS_DIR = path.join(ROOT, "edge-functions");

type Kind = "function" | "shared" | "contract" | "domain" | "outside";

/** What a path under the repository is, for the rules: its top folder under edge-functions/. */
function classify(file: string): { kind: Kind; folder: string } {
  const rel = path.relative(FUNCTIONS_DIR, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return { kind: "outside", folder: "" };
  const folder = rel.split(path.sep)[0];
  if (!rel.includes(path.sep)) return { kind: "shared", folder: "" }; // deno.json and friends
  if (folder === "_shared") return { kind: "shared", folder };
  if (folder === "_contract") return { kind: "contract", folder };
  if (folder.startsWith("_")) return { kind: "domain", folder };
  return { kind: "function", folder };
}

/** The rule a relative import from `from` to `specifier` breaks, or null. Bare (npm) specifiers pass. */
export function importViolation(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".") && !specifier.startsWith("/")) return null;
  const src = classify(from);
  const dst = classify(path.resolve(path.dirname(from), specifier));
  if (src.kind === "outside") return null;
  if (dst.kind === "outside") return "edge-functions code imports from outside edge-functions/";
  if (dst.kind === "function" && src.kind === "function" && src.folder !== dst.folder) {
    return `function ${src.folder} imports function ${dst.folder}`;
  }
  if (dst.kind === "function" && src.kind !== "function") {
    return `${src.folder} imports function ${dst.folder}`;
  }
  if (src.kind === "shared" && dst.kind === "domain") return `_shared imports domain ${dst.folder}`;
  if (src.kind === "contract" && dst.kind !== "contract") {
    return `_contract imports ${dst.folder || "plumbing"}`;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

describe("import rules of edge-functions/", () => {
  const at = (rel: string) => path.join(FUNCTIONS_DIR, rel);

  it("recognise each kind of violation (and let legal imports through)", () => {
    expect(importViolation(at("health/handler.ts"), "../sign-in/handler.ts")).toMatch(
      /function health imports/,
    );
    expect(importViolation(at("_planner/io/runner.ts"), "../../generate-plan/handler.ts")).toMatch(
      /_planner imports function generate-plan/,
    );
    expect(importViolation(at("_shared/http.ts"), "../health/index.ts")).toMatch(/_shared imports function/);
    expect(importViolation(at("_shared/log.ts"), "../_email/catalog.ts")).toMatch(/_shared imports domain/);
    expect(importViolation(at("_email/catalog.ts"), "../../tests/support/env.ts")).toMatch(/outside/);
    expect(importViolation(at("_contract/plan.ts"), "../_shared/db.ts")).toMatch(/_contract imports/);
    expect(importViolation(at("_contract/plan.ts"), "../_planner/schema.ts")).toMatch(/_contract imports/);
    expect(importViolation(at("_shared/http.ts"), "../_contract/errors.ts")).toBeNull();
    expect(importViolation(at("health/index.ts"), "./handler.ts")).toBeNull();
    expect(importViolation(at("health/index.ts"), "../_shared/env.ts")).toBeNull();
    expect(importViolation(at("_planner/offline/plan.ts"), "../../_geo/gazetteer.ts")).toBeNull();
    expect(importViolation(at("_email/catalog.ts"), "@react-email/render")).toBeNull();
  });

  it("parse dynamic and type-only imports too", () => {
    const info = ts.preProcessFile(
      'import type { A } from "./a.ts";\nexport { b } from "./b.ts";\nconst c = await import("./c.ts");',
      true,
      true,
    );
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(["./a.ts", "./b.ts", "./c.ts"]);
  });

  it("hold over the whole tree", () => {
    const files = sourceFiles(FUNCTIONS_DIR);
    expect(files.length).toBeGreaterThan(50);
    const broken = files.flatMap((file) =>
      specifiers(file).flatMap((spec) => {
        const why = importViolation(file, spec);
        return why ? [`${path.relative(ROOT, file)}: ${spec} (${why})`] : [];
      })
    );
    expect(broken).toEqual([]);
  });
});
