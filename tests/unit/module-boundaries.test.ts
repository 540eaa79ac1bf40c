import path from "node:path";
import { ESLint } from "eslint";

/**
 * The walls between modules are a lint rule (eslint.config.mjs); these are the imports it
 * must refuse, linted as if they were written in the named file, and the ones it must allow.
 */
const eslint = new ESLint({ cwd: path.join(__dirname, "..", "..") });

async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((message) => message.ruleId === "no-restricted-imports").map((m) => m.message);
}

const importOf = (from: string, name = "something") => `import { ${name} } from "${from}";\nexport { ${name} };\n`;

const integrationsService = "subgraphs/integrations/src/services/x.ts";
const ordersService = "subgraphs/orders/src/services/x.ts";

test.each([
  ["a module reaching into another's services", integrationsService, "../../../orders/src/services/orders"],
  ["a module importing another's definition", ordersService, "../../../catalog/src/module"],
  ["a module importing the gateway", "subgraphs/catalog/src/services/x.ts", "../../../../gateway/src/server"],
  ["a module importing the module list", "subgraphs/catalog/src/x.ts", "../../modules"],
  ["core importing a module", "subgraphs/core/src/events/x.ts", "../../../clients/src/public"],
  ["the gateway importing a module", "gateway/src/x.ts", "../../subgraphs/clients/src/services/authenticate"],
  ["the gateway importing a module's public.ts", "gateway/src/auth/x.ts", "../../../subgraphs/orders/src/public"],
  ["a module importing every model", integrationsService, "../../../core/src/db/generated/client"],
  ["a module importing every enum", "subgraphs/catalog/src/schema/x.ts", "../../../core/src/db/generated/enums"],
  ["a module importing another's models", "subgraphs/integrations/src/db.ts", "../../core/src/db/owners/orders"],
])("refused: %s", async (_story, file, from) => {
  expect(await refusals(file, importOf(from))).toHaveLength(1);
});

test("refused: core's handle to every model, in a module", async () => {
  expect(await refusals(ordersService, importOf("../../../core/src/db/types", "Db"))).toHaveLength(1);
});

test.each([
  ["another module's public.ts", ordersService, "../../../inventory/src/public"],
  ["core from a module", ordersService, "../../../core/src/errors"],
  ["a module's own internals", "subgraphs/orders/src/schema/x.ts", "../services/orders"],
  ["the module list from the gateway", "gateway/src/x.ts", "../../subgraphs/modules"],
  ["a module's own models", "subgraphs/orders/src/db.ts", "../../core/src/db/owners/orders"],
  ["core's models from a module", "subgraphs/orders/src/db.ts", "../../core/src/db/owners/core"],
  ["the Prisma namespace from a module", ordersService, "../../../core/src/db/types"],
])("allowed: %s", async (_story, file, from) => {
  expect(await refusals(file, importOf(from, "Prisma"))).toEqual([]);
});
