#!/usr/bin/env node
// `npx omni …`: the CLI is TypeScript run the way `npm start` runs the gateway, through
// @swc-node/register, with the repository's tsconfig wherever it is called from.
const path = require("node:path");

process.env.SWC_NODE_PROJECT ??= path.join(__dirname, "..", "tsconfig.json");
require("@swc-node/register");
require("../gateway/src/cli/omni/main.ts");
