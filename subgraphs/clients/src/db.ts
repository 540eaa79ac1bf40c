import type { ModuleDatabase, ModuleQueries, ModuleTransaction } from "../../core/src/db/module-db";

export { Prisma } from "../../core/src/db/types";
export * from "../../core/src/db/owners/clients";
export * from "../../core/src/db/owners/core";

/** What clients services take: the module's own models (and raw SQL), in a transaction or not. */
export type Db = ModuleQueries<"clients">;
/** Inside a transaction of clients: what must be written with its change asks for this. */
export type Tx = ModuleTransaction<"clients">;
/** Where clients starts its transactions. */
export type RootDb = ModuleDatabase<"clients">;
