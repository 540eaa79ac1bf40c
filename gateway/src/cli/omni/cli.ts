import { ConfigError } from "../../../../subgraphs/core/src/config";
import {
  CliError,
  defaultGatewayUrl,
  exitCodes,
  parseCommandArgs,
  usageError,
  type CliEnv,
  type Command,
  type CommandResult,
} from "./command";
import { appCreate } from "./commands/app-create";
import { clientDeactivate } from "./commands/client-deactivate";
import { clientRegister } from "./commands/client-register";
import { clientRotateKey } from "./commands/client-rotate-key";
import { dbMigrate } from "./commands/db-migrate";
import { demoSeed } from "./commands/demo-seed";
import { keysVerify } from "./commands/keys-verify";
import { userPasswordToken } from "./commands/user-password-token";
import { operatorCreate } from "./commands/operator-create";

const commands: Command[] = [
  appCreate,
  clientRegister,
  clientRotateKey,
  clientDeactivate,
  keysVerify,
  userPasswordToken,
  operatorCreate,
  dbMigrate,
  demoSeed,
];

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Usage: omni <command> [options]",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Options of every command:",
    "  --json                 print one JSON document (errors too) instead of text",
    "  --help, -h             the command's options",
    "Commands that call the gateway:",
    `  --url <url>            the gateway's GraphQL URL; default $OMNI_URL, else ${defaultGatewayUrl}`,
    "",
    "Exit codes: 0 done, 1 refused (by the gateway or the database), 2 wrong usage.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const callsGateway = "url" in command.options;
  return [
    `Usage: omni ${command.name} [options]`,
    "",
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    "",
    ...command.usage.map((line) => `  ${line}`),
    ...(callsGateway
      ? [`  --url <url>            gateway GraphQL URL; default $OMNI_URL, else ${defaultGatewayUrl}`]
      : []),
    "  --json                 print one JSON document instead of text",
  ].join("\n");
}

/** Runs one command line and returns the exit code; all output goes through `io`. */
export async function runCli(argv: string[], env: CliEnv, io: CliOutput): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes("--json");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(overview());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) throw usageError(`Unknown command "${name}".\n\n${overview()}`);
    const values = parseCommandArgs(command, args);
    if (values.help) {
      io.out(commandHelp(command));
      return exitCodes.ok;
    }
    const result: CommandResult = await command.run(values, env);
    io.out(json ? JSON.stringify(result.json, null, 2) : result.text.join("\n"));
    return result.exitCode ?? exitCodes.ok;
  } catch (error) {
    const failure = asCliError(error);
    if (json) io.out(JSON.stringify({ error: { code: failure.code, message: failure.message } }, null, 2));
    else io.err(`omni ${name}: ${failure.message}`);
    return failure.exitCode;
  }
}

function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigError) return new CliError(exitCodes.usage, error.message, "INVALID_CONFIGURATION");
  // The database refused (unreachable server, locked data dir): the message says what to fix.
  return new CliError(exitCodes.refused, error instanceof Error ? error.message : String(error), "FAILED");
}
