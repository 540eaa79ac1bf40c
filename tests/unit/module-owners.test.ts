import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The owners files type each module's database handle; they are committed, so a model added
 * to a module's schema file without `node prisma/module-owners.js` must fail here, not leave
 * the module unable to name its new model.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ownersDir, ownerFiles } = require("../../prisma/module-owners.js") as {
  ownersDir: string;
  ownerFiles: () => Map<string, string>;
};

test("subgraphs/core/src/db/owners/ matches prisma/schema (run node prisma/module-owners.js)", () => {
  const expected = Object.fromEntries(ownerFiles());
  const committed = Object.fromEntries(
    readdirSync(ownersDir).map((name) => [name, readFileSync(path.join(ownersDir, name), "utf8")]),
  );
  expect(committed).toEqual(expected);
});
