import type { ModuleDatabase, ModuleQueries, ModuleTransaction } from "../../core/src/db/module-db";

export { Prisma } from "../../core/src/db/types";
export * from "../../core/src/db/owners/inventory";
export * from "../../core/src/db/owners/core";

/** What inventory services take: the module's own models (and raw SQL), in a transaction or not. */
export type Db = ModuleQueries<"inventory">;
/** Inside a transaction of inventory: what must be written with its change asks for this. */
export type Tx = ModuleTransaction<"inventory">;
/** Where inventory starts its transactions. */
export type RootDb = ModuleDatabase<"inventory">;
