#!/usr/bin/env node
// `npx omni …`: the CLI compiled into dist/, as `npm start` runs the gateway. From a checkout
// (@swc/core installed) dist/ is first brought up to date with the sources, which costs a
// read of them when nothing changed; an install without dev dependencies runs dist/ as it is.
const { BuildError, ensureBuilt } = require("../build");

ensureBuilt({ log: (line) => process.stderr.write(`${line}\n`) }).then(
  () => {
    process.setSourceMapsEnabled(true);
    require("../dist/gateway/src/cli/omni/main.js");
  },
  (error) => {
    process.stderr.write(
      error instanceof BuildError ? `omni: ${error.message}\n` : `omni: build failed: ${error.stack}\n`,
    );
    process.exit(1);
  },
);
