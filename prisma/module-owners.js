// Which module owns which model, read from the schema files (prisma/schema/<module>.prisma;
// base, events and jobs are core's): each module's database handle is typed to its own models
// (core/src/db/module-db.ts) and imports its model types from its own barrel, never the client.
// The files are committed under subgraphs/core/src/db/owners/ rather than written into Prisma's
// output directory at install: `prisma generate` clears files it did not write there, and a
// module's types must not vanish while another process regenerates the client.
// `node prisma/module-owners.js` rewrites them; tests/unit/module-owners.test.ts fails on drift.
const fs = require("node:fs");
const path = require("node:path");

const schemaDir = path.join(__dirname, "schema");
const ownersDir = path.join(__dirname, "..", "subgraphs", "core", "src", "db", "owners");
const coreFiles = new Set(["base", "events", "jobs"]);

function ownersOfModels() {
  const owners = new Map();
  for (const file of fs
    .readdirSync(schemaDir)
    .filter((name) => name.endsWith(".prisma"))
    .sort()) {
    const stem = file.replace(/\.prisma$/, "");
    const owner = coreFiles.has(stem) ? "core" : stem;
    const declared = owners.get(owner) ?? { models: [], enums: [] };
    for (const [, kind, name] of fs
      .readFileSync(path.join(schemaDir, file), "utf8")
      .matchAll(/^(model|enum)\s+(\w+)/gm)) {
      declared[kind === "model" ? "models" : "enums"].push(name);
    }
    owners.set(owner, declared);
  }
  return owners;
}

/** File name (in owners/) → content. */
function ownerFiles() {
  const owners = ownersOfModels();
  const header = "// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.\n";
  const delegate = (model) => model[0].toLowerCase() + model.slice(1);
  const union = (names) =>
    names.length > 0 ? names.map((name) => JSON.stringify(delegate(name))).join(" | ") : "never";
  const files = new Map();
  files.set(
    "module-models.ts",
    `${header}\n/** The Prisma delegates (\`prisma.<name>\`) of each module's own models. */\nexport interface ModuleModels {\n${[
      ...owners,
    ]
      .map(([owner, { models }]) => `  ${owner}: ${union(models)};\n`)
      .join("")}}\n`,
  );
  for (const [owner, { models, enums }] of owners) {
    const lines = [header];
    if (models.length > 0) lines.push(`export type { ${models.join(", ")} } from "../generated/client";`);
    if (enums.length > 0) lines.push(`export { ${enums.join(", ")} } from "../generated/client";`);
    files.set(`${owner}.ts`, `${lines.join("\n")}\n`);
  }
  return files;
}

module.exports = { ownersDir, ownerFiles };

if (require.main === module) {
  fs.mkdirSync(ownersDir, { recursive: true });
  for (const [name, content] of ownerFiles()) fs.writeFileSync(path.join(ownersDir, name), content);
}
