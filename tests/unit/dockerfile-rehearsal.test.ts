import { readFileSync } from "node:fs";
import path from "node:path";
import { buildContext } from "../../deploy/rehearsal/build-context";
import { parseDockerfile } from "../../deploy/rehearsal/dockerfile";
import { RehearsalError } from "../../deploy/rehearsal/rehearsal-error";
import { root } from "../helpers/process";

// `npm run docker:rehearse` (run by .ci/run, too slow for npm test) builds and starts the
// image's steps; these are the parts of it that must refuse rather than guess.

const refusal = (dockerfile: string) => {
  try {
    parseDockerfile(dockerfile);
  } catch (error) {
    if (error instanceof RehearsalError) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
};

describe("the Dockerfile rehearsal", () => {
  test("reads our Dockerfile as a build stage and a runtime stage whose command is `npm start`'s, without npm", () => {
    const stages = parseDockerfile(readFileSync(path.join(root, "Dockerfile"), "utf8"));
    expect(stages.map((stage) => stage.name)).toEqual(["build", "runtime"]);
    const runtime = stages[1]!.instructions;
    const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(runtime).toContainEqual(
      expect.objectContaining({ kind: "CMD", command: { form: "exec", argv: scripts.start!.split(" ") } }),
    );
    expect(runtime).toContainEqual(
      expect.objectContaining({ kind: "ENV", variables: expect.objectContaining({ NODE_ENV: "production" }) }),
    );
  });

  test.each([
    ["ARG", "FROM node:20\nARG VERSION=1\n", "UNSUPPORTED_INSTRUCTION", "Dockerfile:2: ARG"],
    ["ADD", "FROM node:20\nADD https://example.com/x.tgz /x\n", "UNSUPPORTED_INSTRUCTION", "Dockerfile:2: ADD"],
    ["ENTRYPOINT", 'FROM node:20\nENTRYPOINT ["tini"]\n', "UNSUPPORTED_INSTRUCTION", "ENTRYPOINT"],
    [
      "a RUN mount",
      "FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
      "UNSUPPORTED_SYNTAX",
      "RUN flags",
    ],
    ["a variable", "FROM node:20\nENV PATH=/app/bin:$PATH\n", "UNSUPPORTED_SYNTAX", "substitution"],
    ["the legacy ENV form", "FROM node:20\nENV NODE_ENV production\n", "UNSUPPORTED_SYNTAX", "NAME=value"],
    ["a wildcard COPY", "FROM node:20\nCOPY *.json ./\n", "UNSUPPORTED_SYNTAX", "wildcards"],
    ["a --chmod COPY", "FROM node:20\nCOPY --chmod=755 bin ./bin\n", "UNSUPPORTED_SYNTAX", "--chmod"],
  ])("refuses %s by name instead of skipping it", (_what, dockerfile, code, named) => {
    expect(refusal(dockerfile)).toEqual({ code, message: expect.stringContaining(named) });
  });

  test("joins continued lines and drops comments inside them, as Docker does", () => {
    const [stage] = parseDockerfile("FROM node:20 AS only\nRUN npm ci \\\n  # a note\n  && npm test\n");
    expect(stage!.instructions).toEqual([
      { kind: "RUN", line: 2, command: { form: "shell", script: "npm ci   && npm test" } },
    ]);
  });

  test("the build context is this tree minus .dockerignore: sources in, tests, docs and installs out", () => {
    const { files, ignored } = buildContext(root);
    expect(files).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "gateway/src/main.ts"]));
    const leaked = files.filter((file) =>
      /^(tests|docs|deploy|bench|\.ci|node_modules)\/|^(Dockerfile|docker-compose\.yml)$/.test(file),
    );
    expect(leaked).toEqual([]);
    expect(files.some((file) => file.includes("/node_modules/") || file.startsWith(".data/"))).toBe(false);
    expect(ignored).toBeGreaterThan(0);
  });
});
