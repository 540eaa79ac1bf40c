// Compiles the server's TypeScript into dist/ (same paths, .js next to a source map), the
// files every shipped process runs: `npm start`, the CLI, the image, the standalone services.
// Run by `npm ci` (postinstall), before `npm start` (prestart), by the CLI from a checkout
// and before the tests (jest's globalSetup): each time only what changed since the last
// build is compiled again, and an up-to-date dist/ costs one read of the sources.
//
// swc, not tsc: the transpiler the tests' transform has always used (jest.config.js reads
// `swcOptions` from here), so compiled code behaves as tested; type checking is `npm run
// typecheck`'s job. Its programmatic API, not @swc/cli, whose install pulls a binary downloader.
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

/** What the processes load: not the tests, benchmarks, console or SDK. */
const inputs = [
  "gateway/src",
  "subgraphs",
  "prisma/cli",
  "prisma/tools",
  "prisma/seed.ts",
  "prisma/demo-keys-file.ts",
  "tests/fakes",
];

/** Shared with jest.config.js: decorators as type-graphql reads them (legacy, with metadata). */
const swcOptions = {
  jsc: {
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: "es2022",
  },
  module: { type: "commonjs" },
};

/**
 * Maps for stack traces only (`node --enable-source-maps`), without copies of the sources:
 * node reads the map of every module it loads, and the .ts files are next to dist/ anyway.
 */
const sourceMapOptions = { sourceMaps: true, inlineSourcesContent: false };

class BuildError extends Error {
  name = "BuildError";
}

function sourcesUnder(root, relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return relative.endsWith(".ts") && !relative.endsWith(".d.ts") ? [relative] : [];
  return readdirSync(full).flatMap((name) => sourcesUnder(root, path.join(relative, name)));
}

const hashOf = (content) => createHash("sha256").update(content).digest("hex");

function readManifest(manifestFile) {
  try {
    return JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return { compiler: null, sources: {} };
  }
}

/** swc's version, read without loading its native binding: an up-to-date check never needs it. */
function swcVersion() {
  try {
    return require("@swc/core/package.json").version;
  } catch {
    return undefined;
  }
}

/** The compiler's identity: a new swc or new options compile everything again. */
const compilerId = (version) => hashOf(`${version}\n${JSON.stringify([swcOptions, sourceMapOptions])}`);

async function compile(swc, file, output) {
  const { code, map } = await swc.transform(readFileSync(file, "utf8"), {
    ...swcOptions,
    filename: file,
    sourceFileName: path.relative(path.dirname(output), file),
    ...sourceMapOptions,
    swcrc: false,
    configFile: false,
  });
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
  writeFileSync(`${output}.map`, map);
}

/**
 * Brings `root`'s dist/ up to date with its sources and resolves with what it did. Without
 * @swc/core (an install without dev dependencies, like the image's) dist/ is taken as it
 * is, and its absence is a BuildError: nothing could run.
 */
async function ensureBuilt({ root = __dirname, log = () => undefined } = {}) {
  const dist = path.join(root, "dist");
  /** Which source each output was compiled from, by content hash, and with which compiler. */
  const manifestFile = path.join(dist, ".sources.json");
  const outputOf = (source) => path.join(dist, source.replace(/\.ts$/, ".js"));
  const version = swcVersion();
  const manifest = readManifest(manifestFile);
  if (!version) {
    if (manifest.compiler) return { compiled: 0, removed: 0, upToDate: true };
    throw new BuildError(
      "dist/ is missing or incomplete and @swc/core is not installed to build it: run `npm ci` (with dev dependencies), then `npm run build`",
    );
  }
  const compiler = compilerId(version);
  const sameCompiler = manifest.compiler === compiler;
  const sources = {};
  for (const source of inputs.flatMap((input) => sourcesUnder(root, input)))
    sources[source] = hashOf(readFileSync(path.join(root, source)));
  const stale = Object.keys(sources).filter(
    (source) => !sameCompiler || manifest.sources[source] !== sources[source] || !existsSync(outputOf(source)),
  );
  const gone = Object.keys(manifest.sources).filter((source) => !(source in sources));
  if (stale.length === 0 && gone.length === 0 && sameCompiler) return { compiled: 0, removed: 0, upToDate: true };

  const swc = require("@swc/core");
  const started = Date.now();
  log(`build: compiling ${stale.length} of ${Object.keys(sources).length} files into dist/ (swc)...`);
  for (const source of gone) {
    rmSync(outputOf(source), { force: true });
    rmSync(`${outputOf(source)}.map`, { force: true });
  }
  // The manifest goes first: a build cut short leaves it naming none of the files in flight.
  mkdirSync(dist, { recursive: true });
  const kept = Object.fromEntries(Object.entries(sources).filter(([source]) => !stale.includes(source)));
  writeFileSync(manifestFile, JSON.stringify({ compiler: sameCompiler ? compiler : null, sources: kept }));
  await Promise.all(stale.map((source) => compile(swc, path.join(root, source), outputOf(source))));
  writeFileSync(manifestFile, JSON.stringify({ compiler, sources }));
  log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { compiled: stale.length, removed: gone.length, upToDate: false };
}

module.exports = { BuildError, ensureBuilt, swcOptions };

if (require.main === module) {
  ensureBuilt({ log: (line) => process.stdout.write(`${line}\n`) }).catch((error) => {
    process.stderr.write(
      error instanceof BuildError ? `${error.message}\n` : `build failed: ${error.stack ?? error}\n`,
    );
    process.exit(1);
  });
}
