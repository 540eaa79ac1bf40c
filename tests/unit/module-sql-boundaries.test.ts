import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The typed handles keep a module to its own models, but raw SQL is a string: this reads
 * every SQL template of every module (`$queryRaw`, `$executeRaw`, `Prisma.sql`) and fails on
 * a table another module owns, or core's (the outbox is written through core/events/outbox.ts).
 * Owners come from prisma/schema/<module>.prisma as for the handles; base, events and jobs
 * are core's.
 */
const root = path.join(__dirname, "..", "..");
const coreSchemas = new Set(["base", "events", "jobs"]);

function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  const schemaDir = path.join(root, "prisma", "schema");
  for (const file of readdirSync(schemaDir).filter((name) => name.endsWith(".prisma"))) {
    const stem = file.replace(/\.prisma$/, "");
    for (const [, model] of readFileSync(path.join(schemaDir, file), "utf8").matchAll(/^model\s+(\w+)/gm)) {
      owners.set(model!, coreSchemas.has(stem) ? "core" : stem);
    }
  }
  return owners;
}

function sourcesOf(moduleName: string): string[] {
  const dir = path.join(root, "subgraphs", moduleName, "src");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(dir, file));
}

/** The bodies of SQL tagged templates, up to the closing backtick. */
const sqlTemplates = (source: string) =>
  [...source.matchAll(/(?:\$queryRaw|\$executeRaw|Prisma\.sql)(?:<[^`]*?>)?`([^`]*)`/g)].map((match) => match[1]!);

/** Tables named in SQL, quoted as Prisma creates them. */
const quotedTables = (sql: string) => [...sql.matchAll(/"([A-Z]\w*)"/g)].map((match) => match[1]!);

function foreignTables(moduleName: string, source: string, owners: Map<string, string>): string[] {
  return sqlTemplates(source)
    .flatMap(quotedTables)
    .filter((table) => {
      const owner = owners.get(table);
      return owner !== undefined && owner !== moduleName;
    });
}

const owners = tableOwners();
const moduleNames = readdirSync(path.join(root, "subgraphs"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "core")
  .map((entry) => entry.name);

test.each(moduleNames)("the SQL of %s names only its own tables", (moduleName) => {
  const offences = sourcesOf(moduleName).flatMap((file) =>
    foreignTables(moduleName, readFileSync(file, "utf8"), owners).map(
      (table) => `${path.relative(root, file)}: "${table}" (${owners.get(table)})`,
    ),
  );
  expect(offences).toEqual([]);
});

test("a statement naming another module's table is caught", () => {
  const source = 'await tx.$queryRaw<Row[]>`SELECT "id" FROM "Order" WHERE "clientId" = ${id}`;';
  expect(foreignTables("integrations", source, owners)).toEqual(["Order"]);
  expect(foreignTables("orders", source, owners)).toEqual([]);
  expect(foreignTables("inventory", 'Prisma.sql`INSERT INTO "OutboxEvent" ("id") VALUES (${id})`', owners)).toEqual([
    "OutboxEvent",
  ]);
});
