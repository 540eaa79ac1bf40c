import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { acceptedEnvironmentVariables } from "../../subgraphs/core/src/config";

// What a new user reads must hold in a fresh clone: every setting the gateway accepts is in
// the README's table, and every relative link leads to a file of the repository (a link to
// a folder beside the clone, such as ../shared, works only on the machine it was written on).
const root = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");

const markdownFiles = [
  "README.md",
  "CHANGELOG.md",
  "BENCHMARKS.md",
  "sdk/README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
].filter((file) => existsSync(path.join(root, file)));

/** `[text](target)` links outside code spans and fenced blocks, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!.split("#")[0]!)
    .filter((target) => target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe("the documentation a new user reads", () => {
  test("the README's settings table lists every environment variable the gateway accepts", () => {
    const tableRows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((match) => match[1]));
    expect(acceptedEnvironmentVariables.filter((name) => !tableRows.has(name))).toEqual([]);
  });

  test.each(markdownFiles)("every relative link in %s leads to a file of the repository", (file) => {
    const broken = relativeLinks(readFileSync(path.join(root, file), "utf8")).filter((target) => {
      const resolved = path.resolve(root, path.dirname(file), decodeURIComponent(target));
      return !resolved.startsWith(root + path.sep) || !existsSync(resolved);
    });
    expect(broken).toEqual([]);
  });
});
