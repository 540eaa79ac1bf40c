import type { ModuleDatabase, ModuleQueries, ModuleTransaction } from "../../core/src/db/module-db";

export { Prisma } from "../../core/src/db/types";
export * from "../../core/src/db/owners/catalog";
export * from "../../core/src/db/owners/core";

/** What catalog services take: the module's own models (and raw SQL), in a transaction or not. */
export type Db = ModuleQueries<"catalog">;
/** Inside a transaction of catalog: what must be written with its change asks for this. */
export type Tx = ModuleTransaction<"catalog">;
/** Where catalog starts its transactions. */
export type RootDb = ModuleDatabase<"catalog">;
