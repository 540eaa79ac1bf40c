import {
  DockerfileParser,
  type Env,
  type From,
  type Healthcheck,
  type Instruction as ParsedInstruction,
  type ModifiableInstruction,
} from "dockerfile-ast";
import { RehearsalError } from "./rehearsal-error";

// The Dockerfile's syntax (instructions, continuations, flags, ENV quoting, JSON arrays) is
// read by dockerfile-ast, the parser behind the Docker language server. What stays here is
// the rehearsal's contract: it knows the instructions and forms it reproduces and refuses
// anything else by name, so a new instruction (ARG, ADD, ENTRYPOINT, variable substitution,
// …) stops the rehearsal instead of being skipped and letting it drift from `docker build`.

/** `["npm", "start"]` runs the program itself; `npm start` runs through `/bin/sh -c`. */
export type CommandLine = { form: "exec"; argv: string[] } | { form: "shell"; script: string };

export type Instruction =
  | { kind: "WORKDIR"; line: number; path: string }
  | {
      kind: "COPY";
      line: number;
      from: string | undefined;
      /** `user[:group]` the copied files belong to. */
      chown: string | undefined;
      sources: string[];
      destination: string;
    }
  | { kind: "RUN"; line: number; command: CommandLine }
  | { kind: "ENV"; line: number; variables: Record<string, string> }
  | { kind: "CMD"; line: number; command: CommandLine }
  /** The rehearsal runs as the invoking user; it checks that the user owns what it copied. */
  | { kind: "USER"; line: number; user: string }
  | { kind: "EXPOSE"; line: number; ports: number[] }
  | { kind: "HEALTHCHECK"; line: number; command: CommandLine };

export interface Stage {
  name: string;
  /** `node:<major>…`: the rehearsal runs on this machine's Node, which must be that major. */
  image: string;
  line: number;
  instructions: Instruction[];
}

const syntax = (line: number, message: string) =>
  new RehearsalError("UNSUPPORTED_SYNTAX", `Dockerfile:${line}: ${message}`);

const lineOf = (instruction: ParsedInstruction) => instruction.getRange().start.line + 1;

/**
 * The arguments as the shell receives them. Docker drops comment and empty lines inside a
 * continuation and joins the rest without the escape and the line break; dockerfile-ast keeps
 * the comments in its own joined text, so this is done on the raw text.
 */
function argumentText(instruction: ParsedInstruction): string {
  const [first = "", ...continued] = (instruction.getRawArgumentsContent() ?? "").split(/\r?\n/);
  const kept = [first, ...continued.filter((raw) => raw.trim() !== "" && !/^\s*#/.test(raw))];
  return kept
    .map((raw) => raw.replace(/\\\s*$/, ""))
    .join("")
    .trim();
}

function commandLine(line: number, rest: string): CommandLine {
  if (!rest.startsWith("[")) return { form: "shell", script: rest };
  let argv: unknown;
  try {
    argv = JSON.parse(rest);
  } catch {
    throw syntax(line, `not a JSON array of strings: ${rest}`);
  }
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((word) => typeof word === "string")) {
    throw syntax(line, `not a JSON array of strings: ${rest}`);
  }
  return { form: "exec", argv };
}

/** `--name=value` flags, only the listed names accepted. */
function flags(line: number, instruction: ModifiableInstruction, allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const flag of instruction.getFlags()) {
    if (!allowed.includes(flag.getName())) throw syntax(line, `the --${flag.getName()} flag is not reproduced`);
    values.set(flag.getName(), flag.getValue() ?? "");
  }
  return values;
}

function noSubstitution(line: number, text: string): string {
  if (text.includes("$")) throw syntax(line, `variable substitution is not reproduced: ${text}`);
  return text;
}

function environment(line: number, instruction: Env): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const property of instruction.getProperties()) {
    // The legacy `ENV NAME value` form sets one variable to the rest of the line: refused.
    if (property.getAssignmentOperator() === null) {
      throw syntax(line, `ENV takes NAME=value pairs only: ${instruction.getArgumentsContent()}`);
    }
    variables[property.getName()] = noSubstitution(line, property.getValue() ?? "");
  }
  return variables;
}

function instruction(parsed: ParsedInstruction): Instruction {
  const line = lineOf(parsed);
  const keyword = parsed.getKeyword();
  const rest = argumentText(parsed);
  if (/^<<-?["']?\w/.test(rest)) throw syntax(line, "heredocs are not reproduced");
  switch (keyword) {
    case "WORKDIR":
      return { kind: "WORKDIR", line, path: noSubstitution(line, rest) };
    case "COPY": {
      const values = flags(line, parsed as ModifiableInstruction, ["from", "chown"]);
      const paths = parsed.getArguments().map((argument) => argument.getValue());
      if (paths[0]?.startsWith("[")) throw syntax(line, "the JSON form of COPY is not reproduced");
      const words = paths.map((word) => noSubstitution(line, word));
      if (words.length < 2) throw syntax(line, "COPY needs at least one source and a destination");
      if (words.some((word) => /[*?[]/.test(word))) throw syntax(line, "wildcards in COPY are not reproduced");
      return {
        kind: "COPY",
        line,
        from: values.get("from"),
        chown: values.get("chown"),
        sources: words.slice(0, -1),
        destination: words.at(-1)!,
      };
    }
    case "RUN": {
      const named = (parsed as ModifiableInstruction).getFlags().map((flag) => `--${flag.getName()}`);
      if (named.length > 0) throw syntax(line, `RUN flags are not reproduced: ${named.join(" ")}`);
      return { kind: "RUN", line, command: commandLine(line, rest) };
    }
    case "ENV":
      return { kind: "ENV", line, variables: environment(line, parsed as Env) };
    case "CMD":
      return { kind: "CMD", line, command: commandLine(line, rest) };
    case "USER":
      return { kind: "USER", line, user: rest };
    case "EXPOSE": {
      const ports = rest.split(/\s+/).map((word) => (/^\d+(\/tcp)?$/.test(word) ? Number.parseInt(word, 10) : NaN));
      if (ports.some(Number.isNaN)) throw syntax(line, `EXPOSE takes TCP port numbers: ${rest}`);
      return { kind: "EXPOSE", line, ports };
    }
    case "HEALTHCHECK": {
      flags(line, parsed as ModifiableInstruction, [
        "interval",
        "timeout",
        "start-period",
        "start-interval",
        "retries",
      ]);
      const check = /(?:^|\s)CMD\s+(.*)$/s.exec(rest)?.[1];
      if ((parsed as Healthcheck).getSubcommand()?.getValue().toUpperCase() !== "CMD" || !check) {
        throw syntax(line, `HEALTHCHECK must be CMD …: ${rest}`);
      }
      return { kind: "HEALTHCHECK", line, command: commandLine(line, check.trim()) };
    }
    default:
      throw new RehearsalError(
        "UNSUPPORTED_INSTRUCTION",
        `Dockerfile:${line}: ${keyword} is not an instruction the rehearsal reproduces; teach deploy/rehearsal/ what it does before using it`,
      );
  }
}

export function parseDockerfile(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  if (dockerfile.getEscapeCharacter() !== "\\") throw syntax(1, "an escape directive is not reproduced");
  const stages: Stage[] = [];
  for (const parsed of dockerfile.getInstructions()) {
    const line = lineOf(parsed);
    if (parsed.getKeyword() === "FROM") {
      const from = parsed as From;
      const words = from.getArguments().map((argument) => argument.getValue());
      const named = words.length === 3 && words[1]!.toUpperCase() === "AS";
      if (from.getFlags().length > 0 || !(words.length === 1 || named)) {
        throw syntax(line, `FROM image [AS name]: ${argumentText(from)}`);
      }
      stages.push({ image: words[0]!, name: named ? words[2]! : String(stages.length), line, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw syntax(line, `${parsed.getKeyword()} before the first FROM`);
    stage.instructions.push(instruction(parsed));
  }
  if (stages.length === 0) throw syntax(1, "no FROM");
  return stages;
}
