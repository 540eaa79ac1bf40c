import type { ModuleDatabase, ModuleQueries, ModuleTransaction } from "../../core/src/db/module-db";

export { Prisma } from "../../core/src/db/types";
export * from "../../core/src/db/owners/integrations";
export * from "../../core/src/db/owners/core";

/** What integrations services take: the module's own models (and raw SQL), in a transaction or not. */
export type Db = ModuleQueries<"integrations">;
/** Inside a transaction of integrations: what must be written with its change asks for this. */
export type Tx = ModuleTransaction<"integrations">;
/** Where integrations starts its transactions. */
export type RootDb = ModuleDatabase<"integrations">;
