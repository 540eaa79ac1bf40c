const { swcOptions } = require("./build");

// OMNI_TEST_TOPOLOGY=distributed re-runs the suite with every test stack serving its subgraphs
// over HTTP behind two gateways. These files never start such a stack (they test pure
// functions, the database alone, or processes they launch themselves; the crash test's
// stacks only set up and restart around the gateway process it kills; the SDK package test's
// stack only answers the programs it installs the package into), so the re-run would repeat
// them to the letter: CI's two other passes already ran them.
const independentOfTopology = [
  "/tests/unit/",
  "/tests/integration/(event-bus|migrations|outbox-dispatcher|schema-evolution|sdk-package)\\.test\\.ts$",
  "/tests/e2e/(cluster|distributed|start|outbound-webhooks-crash)\\.test\\.ts$",
  // Clients of the API that the other passes run end to end: the console's pages in a
  // browser, the guides' samples (that the docs match the code) and the CLI. What they show
  // does not depend on where the subgraphs run, which the API suites cover in that pass.
  "/tests/browser/",
  "/tests/e2e/(docs-samples|cli)\\.test\\.ts$",
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: [
    "/node_modules/",
    ...(process.env.OMNI_TEST_TOPOLOGY === "distributed" ? independentOfTopology : []),
  ],
  // The compiler dist/ is built with: code under test in-process behaves as the processes do.
  // A copy: @swc/jest adds its own settings to the object it is given.
  transform: { "^.+\\.ts$": ["@swc/jest", JSON.parse(JSON.stringify(swcOptions))] },
  // The tests start gateways, subgraphs and workers from dist/, as `npm start` does: it is
  // brought up to date once before any file runs, whichever files are run.
  globalSetup: "<rootDir>/tests/build-dist.js",
  // The SDK's sources name their relative imports as Node loads the built ESM output
  // (`./generated/graphql.js`); the tests load the sources themselves, so `.js` drops here.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFiles: ["reflect-metadata"],
  // Also the hooks' limit. Each file builds its own database and servers: a few seconds on a
  // quiet machine, but several times that with the other core busy (a loaded CI runner, or
  // the other worker in the middle of a PGlite start). A limit is there to end a test that
  // hangs, never to judge speed, so it leaves room for a loaded machine.
  testTimeout: 120_000,
  maxWorkers: 2,
};
