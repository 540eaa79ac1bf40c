// Builds the console into console/dist unless the build there was made from the same sources.
// Run by `npm ci` (postinstall) and again before `npm start` (prestart), so a checkout that
// changed the console since the install is rebuilt before it is served; never committed.
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const root = __dirname;
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".sources");
const inputs = ["index.html", "vite.config.mts", "src", path.join("..", "package-lock.json")];

function filesUnder(relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(relative, name)));
}

function sourcesHash() {
  const hash = createHash("sha256");
  for (const file of inputs.flatMap(filesUnder))
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

async function main() {
  const wanted = sourcesHash();
  const built = existsSync(stamp) ? readFileSync(stamp, "utf8") : undefined;
  if (built === wanted && existsSync(path.join(dist, "index.html"))) return;
  let vite;
  try {
    vite = await import("vite");
  } catch {
    // An install without dev dependencies keeps whatever build it was given (the Docker image's).
    if (!existsSync(path.join(dist, "index.html")))
      process.stderr.write("console: vite is not installed and console/dist is missing; /console will answer 503\n");
    return;
  }
  const started = Date.now();
  process.stdout.write("console: building /console (vite)...\n");
  await vite.build({ configFile: path.join(root, "vite.config.mts"), logLevel: "warn" });
  writeFileSync(stamp, wanted);
  process.stdout.write(`console: built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

main().catch((error) => {
  process.stderr.write(`console: build failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
