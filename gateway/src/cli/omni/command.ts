import { parseArgs, type ParseArgsConfig } from "node:util";

/** What the process exits with: scripts tell a refused request from a mistyped command. */
export const exitCodes = { ok: 0, refused: 1, usage: 2 } as const;

/** A failure the user can act on: its message is printed as is, without a stack. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    readonly exitCode: number,
    message: string,
    /** A stable identifier for `--json` callers, e.g. the gateway's `extensions.code`. */
    readonly code: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(exitCodes.usage, message, "USAGE");

/** The environment variables the CLI reads, handed in by the entry point. */
export interface CliEnv {
  OMNI_URL?: string | undefined;
  OMNI_ADMIN_KEY?: string | undefined;
  OMNI_APP_KEY?: string | undefined;
  OMNI_CLIENT_KEY?: string | undefined;
}

/** What a command hands back: a JSON document for `--json`, lines for a person otherwise. */
export interface CommandResult {
  json: unknown;
  text: string[];
  /** A verdict that is a "no" (keys:verify refused) exits non-zero without being an error. */
  exitCode?: number;
}

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed options: strings and booleans, undefined when not given. */
export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  /** Lines after "Usage: omni <name>", one per option. */
  usage: string[];
  options: OptionSpec;
  run(values: OptionValues, env: CliEnv): Promise<CommandResult>;
}

/** Options every command takes. */
export const commonOptions = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpec;

/** The gateway-facing commands also take the endpoint. */
export const gatewayOptions = {
  url: { type: "string" },
} as const satisfies OptionSpec;

export const defaultGatewayUrl = "http://127.0.0.1:4000/graphql";

export function parseCommandArgs(command: Command, args: string[]): OptionValues {
  try {
    const { values } = parseArgs({
      args,
      options: { ...commonOptions, ...command.options },
      strict: true,
      allowPositionals: false,
    });
    return values as OptionValues;
  } catch (error) {
    throw usageError(`${(error as Error).message}\nRun "omni ${command.name} --help" for its options.`);
  }
}

/** A string option that must be given, from the command line or, if named, an environment variable. */
export function required(values: OptionValues, option: string, fromEnv?: { name: keyof CliEnv; env: CliEnv }): string {
  const given = values[option];
  if (typeof given === "string" && given.trim() !== "") return given.trim();
  const envValue = fromEnv?.env[fromEnv.name];
  if (envValue && envValue.trim() !== "") return envValue.trim();
  throw usageError(`Missing --${option}${fromEnv ? ` (or ${fromEnv.name})` : ""}`);
}

export function optional(values: OptionValues, option: string): string | undefined {
  const given = values[option];
  return typeof given === "string" && given.trim() !== "" ? given.trim() : undefined;
}

export function gatewayUrl(values: OptionValues, env: CliEnv): string {
  const url = optional(values, "url") ?? env.OMNI_URL ?? defaultGatewayUrl;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw usageError(`--url must be an http(s) URL of the gateway's /graphql endpoint, got "${url}"`);
  }
  return url;
}
