import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  diffMigrationsToSchema,
  MIGRATION_FILE,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
} from "../tools/schema-diff";
import { repositoryRoot } from "../../subgraphs/core/src/repository-root";

// Usage:
//   diff.ts <name>   write the pending schema changes as prisma/migrations/<timestamp>_<name>/
//   diff.ts --check  exit 1 and print the pending SQL when the migrations lag behind the schema

const root = repositoryRoot;
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaDir = path.join(root, "prisma", "schema");

/** Prisma's folder prefix: UTC YYYYMMDDHHMMSS. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function check(): Promise<number> {
  const sql = await diffMigrationsToSchema({ migrationsDir, schemaDir });
  if (sql === "") {
    console.log("Migrations match the Prisma schema");
    return 0;
  }
  console.error("The migrations do not produce the Prisma schema. Missing SQL:\n");
  console.log(sql);
  console.error("Run `npm run db:diff -- <name>` to record it as a migration.");
  return 1;
}

async function create(name: string): Promise<number> {
  const sql = await diffMigrationsToSchema({ migrationsDir, schemaDir });
  if (sql === "") {
    console.log("No schema changes");
    return 0;
  }
  const folder = path.join(migrationsDir, `${timestamp(new Date())}_${name}`);
  // Non-recursive so that a second run within the same second fails instead of merging folders.
  await mkdir(migrationsDir, { recursive: true });
  await mkdir(folder);
  await writeFile(path.join(folder, MIGRATION_FILE), sql);
  await writeFile(path.join(migrationsDir, MIGRATION_LOCK_FILE), MIGRATION_LOCK_CONTENT, { flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  console.log(`Created ${path.relative(root, path.join(folder, MIGRATION_FILE))}`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === "--check") return check();
  const name = args.length === 1 ? args[0] : undefined;
  if (name === undefined || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: diff.ts <name> (lowercase letters, digits, _) | diff.ts --check");
    return 2;
  }
  return create(name);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
