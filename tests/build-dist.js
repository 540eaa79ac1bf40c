// jest's globalSetup (jest.config.js): compiles what changed since the last build into dist/,
// where the processes the tests launch run from.
const { ensureBuilt } = require("../build");

module.exports = async () => {
  await ensureBuilt({ log: (line) => process.stdout.write(`${line}\n`) });
};
