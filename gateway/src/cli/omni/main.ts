// demo:seed loads the clients services, whose shared GraphQL types carry type-graphql decorators.
import "reflect-metadata";
import { runCli } from "./cli";

// The CLI's entry point (bin/omni.js): it reads its own few variables (OMNI_URL,
// OMNI_ADMIN_KEY, OMNI_APP_KEY, OMNI_CLIENT_KEY) here and hands them in; db:migrate and demo:seed read the
// gateway's settings through config.ts like every other process.
const { OMNI_URL, OMNI_ADMIN_KEY, OMNI_APP_KEY, OMNI_CLIENT_KEY } = process.env;

runCli(
  process.argv.slice(2),
  { OMNI_URL, OMNI_ADMIN_KEY, OMNI_APP_KEY, OMNI_CLIENT_KEY },
  {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`omni: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
