/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: "es2022",
        },
        module: { type: "commonjs" },
      },
    ],
  },
  setupFiles: ["reflect-metadata"],
  // Also the hooks' limit. Each file builds its own database and servers: a few seconds on a
  // quiet machine, but several times that with the other core busy (a loaded CI runner, or
  // the other worker in the middle of a PGlite start). A limit is there to end a test that
  // hangs, never to judge speed, so it leaves room for a loaded machine.
  testTimeout: 120_000,
  maxWorkers: 2,
};
