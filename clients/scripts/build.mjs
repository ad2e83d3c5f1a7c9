// Builds @tripmaster/client into dist/: ESM + .d.ts from clients/src and the functions' contract
// (edge-functions/_contract), so the package imports nothing from outside itself. The contract is copied
// into the build tree as src/contract/ and imports of it are rewritten; tsc then emits .js and .d.ts with
// .ts extensions rewritten to .js (rewriteRelativeImportExtensions).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const tree = join(pkg, ".build");
const CONTRACT_IMPORT = /(["'])\.\.\/\.\.\/edge-functions\/_contract\//g;
// The OpenAPI generator is not part of the package (it needs zod-openapi, a build-time tool).
const NOT_SHIPPED = new Set(["openapi.ts"]);

rmSync(tree, { recursive: true, force: true });
rmSync(join(pkg, "dist"), { recursive: true, force: true });
mkdirSync(join(tree, "src", "contract"), { recursive: true });
for (const f of readdirSync(join(pkg, "src"))) {
  if (!f.endsWith(".ts")) continue;
  const text = readFileSync(join(pkg, "src", f), "utf8").replace(CONTRACT_IMPORT, "$1./contract/");
  writeFileSync(join(tree, "src", f), text);
}
for (const f of readdirSync(join(root, "edge-functions", "_contract"))) {
  if (f.endsWith(".ts") && !NOT_SHIPPED.has(f)) {
    cpSync(join(root, "edge-functions", "_contract", f), join(tree, "src", "contract", f));
  }
}
// Nothing may point outside the tree: the published package must stand alone.
for (const dir of ["src", "src/contract"]) {
  for (const f of readdirSync(join(tree, dir))) {
    if (!f.endsWith(".ts")) continue;
    const depth = dir.split("/").length; // src -> 1, src/contract -> 2
    for (const [, spec] of readFileSync(join(tree, dir, f), "utf8").matchAll(/from\s+["'](\.[^"']*)["']/g)) {
      if (spec.split("/").filter((p) => p === "..").length >= depth) {
        throw new Error(`${dir}/${f} imports ${spec} from outside the package`);
      }
    }
  }
}
const tsc = join(root, "node_modules", ".bin", "tsc");
execFileSync(tsc, ["-p", join(pkg, "tsconfig.build.json")], { stdio: "inherit" });
rmSync(tree, { recursive: true, force: true });
// tsc rewrites .ts to .js in emitted JavaScript but keeps them in declarations: rewrite those too, so the
// published types name only files the package holds.
for (const dir of ["dist", "dist/contract"]) {
  for (const f of readdirSync(join(pkg, dir))) {
    if (!f.endsWith(".d.ts")) continue;
    const file = join(pkg, dir, f);
    writeFileSync(file, readFileSync(file, "utf8").replace(/(["'])(\.\.?\/[^"']*)\.ts\1/g, "$1$2.js$1"));
  }
}
console.log("built clients/dist");
