import { RehearsalError } from "./rehearsal-error";

// A deliberately small Dockerfile reader: it knows the instructions our Dockerfile uses and
// refuses anything else by name, so a new instruction (ARG, ADD, ENTRYPOINT, variable
// substitution, …) stops the rehearsal instead of being skipped and letting it drift from
// what `docker build` does.

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

/** One instruction with its continuation lines joined, and the line it starts on. */
interface LogicalLine {
  line: number;
  keyword: string;
  rest: string;
}

function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split("\n").forEach((raw, index) => {
    // Docker drops comment and empty lines, even inside a continuation; parser directives
    // are comments too.
    if (/^\s*#/.test(raw) || raw.trim() === "") return;
    const continued = /\\\s*$/.test(raw);
    const piece = continued ? raw.replace(/\\\s*$/, "") : raw;
    pending = pending ? { ...pending, text: pending.text + piece } : { line: index + 1, text: piece };
    if (continued) return;
    const match = /^\s*(\S+)\s*(.*)$/s.exec(pending.text)!;
    lines.push({ line: pending.line, keyword: match[1]!.toUpperCase(), rest: match[2]!.trim() });
    pending = undefined;
  });
  if (pending) throw syntax(pending.line, "the last instruction ends with a line continuation");
  return lines;
}

const syntax = (line: number, message: string) =>
  new RehearsalError("UNSUPPORTED_SYNTAX", `Dockerfile:${line}: ${message}`);

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

/** `--name=value` flags in front of the arguments; only the listed names are accepted. */
function flags(line: number, rest: string, allowed: readonly string[]): { values: Map<string, string>; rest: string } {
  const values = new Map<string, string>();
  let remaining = rest;
  for (let match = /^--([a-z-]+)=(\S+)\s*/.exec(remaining); match; match = /^--([a-z-]+)=(\S+)\s*/.exec(remaining)) {
    if (!allowed.includes(match[1]!)) throw syntax(line, `the --${match[1]} flag is not reproduced`);
    values.set(match[1]!, match[2]!);
    remaining = remaining.slice(match[0].length);
  }
  if (remaining.startsWith("--")) throw syntax(line, `unreadable flag in: ${remaining}`);
  return { values, rest: remaining };
}

function noSubstitution(line: number, text: string): string {
  if (text.includes("$")) throw syntax(line, `variable substitution is not reproduced: ${text}`);
  return text;
}

function environment(line: number, rest: string): Record<string, string> {
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)\s*/y;
  const variables: Record<string, string> = {};
  let position = 0;
  while (position < rest.length) {
    pair.lastIndex = position;
    const match = pair.exec(rest);
    // The legacy `ENV NAME value` form sets one variable to the rest of the line: refused.
    if (!match) throw syntax(line, `ENV takes NAME=value pairs only: ${rest}`);
    const raw = match[2]!;
    variables[match[1]!] = noSubstitution(line, raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
    position = pair.lastIndex;
  }
  return variables;
}

function instruction(current: LogicalLine): Instruction {
  const { line, keyword, rest } = current;
  switch (keyword) {
    case "WORKDIR":
      return { kind: "WORKDIR", line, path: noSubstitution(line, rest) };
    case "COPY": {
      const { values, rest: paths } = flags(line, rest, ["from", "chown"]);
      if (paths.startsWith("[")) throw syntax(line, "the JSON form of COPY is not reproduced");
      const words = noSubstitution(line, paths).split(/\s+/);
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
    case "RUN":
      if (rest.startsWith("--")) throw syntax(line, `RUN flags are not reproduced: ${rest}`);
      return { kind: "RUN", line, command: commandLine(line, rest) };
    case "ENV":
      return { kind: "ENV", line, variables: environment(line, rest) };
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
      const { rest: check } = flags(line, rest, ["interval", "timeout", "start-period", "start-interval", "retries"]);
      if (!check.startsWith("CMD ")) throw syntax(line, `HEALTHCHECK must be CMD …: ${rest}`);
      return { kind: "HEALTHCHECK", line, command: commandLine(line, check.slice(4).trim()) };
    }
    default:
      throw new RehearsalError(
        "UNSUPPORTED_INSTRUCTION",
        `Dockerfile:${line}: ${keyword} is not an instruction the rehearsal reproduces; teach deploy/rehearsal/ what it does before using it`,
      );
  }
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const current of logicalLines(text)) {
    if (current.keyword === "FROM") {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(current.rest);
      if (!match || current.rest.startsWith("--")) throw syntax(current.line, `FROM image [AS name]: ${current.rest}`);
      stages.push({
        image: match[1]!,
        name: match[2] ?? String(stages.length),
        line: current.line,
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw syntax(current.line, `${current.keyword} before the first FROM`);
    stage.instructions.push(instruction(current));
  }
  if (stages.length === 0) throw syntax(1, "no FROM");
  return stages;
}
