import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import "reflect-metadata";
import { repositoryRoot } from "../../../subgraphs/core/src/repository-root";
import { restOpenApiDocument } from "../rest/openapi";
import { compareServedSchemas, supergraphApiSchema, type ServedSchema } from "../schema-evolution/breaking-changes";
import { compareRestDocuments, type ComparedDocument } from "../schema-evolution/rest-changes";
import { subscriptionSdl } from "../subscriptions/schema";
import { composeSupergraph } from "../supergraph";

// `npm run schema:evolution`: compares the API the code serves now with the one committed at
// the base, and exits 1 on a breaking change (removed or retyped field, argument made
// required, enum value removed, …) unless it is marked as intended. Additions pass.
//   base:    SCHEMA_BASE_REF, else origin/main when that is not HEAD, else HEAD~1 (the previous
//            commit on main); --base-file <supergraph.graphql> compares with a file instead.
// The REST surface (/api/v1) is versioned too: the base's schema/openapi.json, when it has one
// (--base-openapi <file> with --base-file), is compared with the document the code makes now
// (schema-evolution/rest-changes.ts): a removed route or response field, a parameter made
// required, … is breaking in the same way.
//   intended: a `Schema-Change: breaking` line in HEAD's commit message, or SCHEMA_BREAKING_INTENDED=true.
const root = repositoryRoot;

const git = (...args: string[]): string | null => {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
};

function baseRef(): string | null {
  if (process.env.SCHEMA_BASE_REF) return process.env.SCHEMA_BASE_REF;
  const head = git("rev-parse", "HEAD")?.trim();
  const main = git("rev-parse", "--verify", "--quiet", "origin/main")?.trim();
  if (main && main !== head) return "origin/main";
  return git("rev-parse", "--verify", "--quiet", "HEAD~1") ? "HEAD~1" : null;
}

interface Base {
  schema: ServedSchema;
  /** The base's REST document, when it had one. */
  openApi: string | null;
  label: string;
}

function baseSchema(): Base | null {
  const flag = process.argv.indexOf("--base-file");
  if (flag >= 0) {
    const file = process.argv[flag + 1]!;
    const openApiFlag = process.argv.indexOf("--base-openapi");
    return {
      schema: { supergraphSdl: readFileSync(file, "utf8"), subscriptionSdl },
      openApi: openApiFlag >= 0 ? readFileSync(process.argv[openApiFlag + 1]!, "utf8") : null,
      label: file,
    };
  }
  const ref = baseRef();
  const supergraphSdl = ref && git("show", `${ref}:schema/supergraph.graphql`);
  if (!ref || !supergraphSdl) return null;
  return {
    schema: { supergraphSdl, subscriptionSdl: git("show", `${ref}:schema/subscriptions.graphql`) ?? subscriptionSdl },
    openApi: git("show", `${ref}:schema/openapi.json`),
    label: ref,
  };
}

/** REST breaking changes against the base's document, none if the base had no REST surface. */
async function restChanges(base: Base, supergraphSdl: string): Promise<string[]> {
  if (!base.openApi) {
    console.log(`No schema/openapi.json at ${base.label}: the REST surface is not compared.`);
    return [];
  }
  const current = restOpenApiDocument(await supergraphApiSchema(supergraphSdl));
  return compareRestDocuments(JSON.parse(base.openApi) as ComparedDocument, current);
}

function intended(): boolean {
  if (process.env.SCHEMA_BREAKING_INTENDED === "true") return true;
  return /^Schema-Change:\s*breaking\s*$/im.test(git("log", "-1", "--format=%B") ?? "");
}

async function main(): Promise<void> {
  const base = baseSchema();
  if (!base) {
    console.log("No committed schema to compare with (first commit?): nothing to check.");
    return;
  }
  const supergraphSdl = composeSupergraph();
  const changes = await compareServedSchemas(base.schema, { supergraphSdl, subscriptionSdl });
  for (const change of changes.dangerous) console.log(`dangerous: ${change}`);
  const breaking = [...changes.breaking, ...(await restChanges(base, supergraphSdl))];
  if (breaking.length === 0) {
    console.log(`No breaking change against ${base.label}.`);
    return;
  }
  const list = breaking.map((change) => `  ${change}`).join("\n");
  if (intended()) {
    console.log(`Breaking changes against ${base.label}, marked as intended:\n${list}`);
    return;
  }
  console.error(
    `Breaking changes against ${base.label}:\n${list}\n` +
      "Clients built against the old API break. If this is intended, add a line `Schema-Change: breaking` " +
      "to the commit message (and note it in docs/CHANGELOG.md).",
  );
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
