import type { ModuleDatabase, ModuleQueries, ModuleTransaction } from "../../core/src/db/module-db";

export { Prisma } from "../../core/src/db/types";
export * from "../../core/src/db/owners/orders";
export * from "../../core/src/db/owners/core";

/** What orders services take: the module's own models (and raw SQL), in a transaction or not. */
export type Db = ModuleQueries<"orders">;
/** Inside a transaction of orders: what must be written with its change asks for this. */
export type Tx = ModuleTransaction<"orders">;
/** Where orders starts its transactions. */
export type RootDb = ModuleDatabase<"orders">;
