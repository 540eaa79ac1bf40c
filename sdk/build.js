// Builds the published package: dist/esm and dist/cjs, each with its declarations and a
// package.json naming its module type, so Node reads each output as what it is whatever
// the importer's own "type" is. Run by `npm pack`/`npm publish` (prepack) and `npm run sdk:build`.
const { execFileSync } = require("node:child_process");
const { rmSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const dist = path.join(__dirname, "dist");
const tsc = require.resolve("typescript/bin/tsc");

// Stale files of a removed operation module must not ship.
rmSync(dist, { recursive: true, force: true });
for (const [config, type] of [
  ["tsconfig.esm.json", "module"],
  ["tsconfig.cjs.json", "commonjs"],
]) {
  execFileSync(process.execPath, [tsc, "-p", path.join(__dirname, config)], { stdio: "inherit" });
  const output = path.join(dist, type === "module" ? "esm" : "cjs");
  writeFileSync(path.join(output, "package.json"), `${JSON.stringify({ type })}\n`);
}
