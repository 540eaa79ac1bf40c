// Runs `prisma generate` without the schema engine download. Generation never executes
// the engine, but the CLI insists the configured path exists, so any file will do.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const cli = path.join(__dirname, "..", "node_modules", "prisma", "build", "index.js");
execFileSync(process.execPath, [cli, "generate"], { stdio: "inherit", env, cwd: path.join(__dirname, "..") });
