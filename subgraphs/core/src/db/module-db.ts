import type { Prisma, PrismaClient } from "./generated/client";
import type { ModuleModels } from "./owners/module-models";

/** Raw SQL is a string the types cannot see; tests/unit/module-sql-boundaries.test.ts reads it for foreign tables. */
type RawStatements = "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe";

export type ModuleName = keyof ModuleModels;

declare const transactionBrand: unique symbol;

/**
 * Proof that code runs inside a transaction: only `$transaction` hands out a handle that
 * carries it. What must be written with the change it describes (an outbox event, an audit
 * entry) asks for it, so calling it outside a transaction does not compile.
 */
export interface InTransaction {
  readonly [transactionBrand]: true;
}

/** A module's queries, in a transaction or not: its own models and raw SQL, nobody else's models. */
export type ModuleQueries<M extends ModuleName> = Pick<Prisma.TransactionClient, ModuleModels[M] | RawStatements>;

/** A module's queries inside a transaction. */
export type ModuleTransaction<M extends ModuleName> = ModuleQueries<M> & InTransaction;

type TransactionOptions = { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/** The root handle a module starts its transactions from. */
export type ModuleDatabase<M extends ModuleName> = ModuleQueries<M> & {
  $transaction<R>(work: (tx: ModuleTransaction<M>) => Promise<R>, options?: TransactionOptions): Promise<R>;
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(
    statements: [...P],
  ): Promise<{ [K in keyof P]: Awaited<P[K]> }>;
};

/**
 * Any module's handle, as a module's public function receives it from another: the callee
 * reads it as its own (`ownQueries`), since every handle is the same client at run time.
 */
export type ForeignQueries = Pick<Prisma.TransactionClient, RawStatements>;

/** The one client, seen as a module's root handle: the runtime hands each module its own view. */
export const moduleDatabase = <M extends ModuleName>(prisma: PrismaClient): ModuleDatabase<M> =>
  prisma as unknown as ModuleDatabase<M>;

/** A handle another module passed in, used as this module's own queries. */
export const ownQueries = <M extends ModuleName>(db: ForeignQueries): ModuleQueries<M> =>
  db as unknown as ModuleQueries<M>;

/** Core's own transaction (the dispatcher's), handed to a module as that module's. */
export const asModuleTransaction = <M extends ModuleName>(
  tx: PrismaClient | Prisma.TransactionClient,
): ModuleTransaction<M> => tx as unknown as ModuleTransaction<M>;

/** A transaction another module passed in, used as this module's own. */
export const ownTransaction = <M extends ModuleName>(tx: InTransaction): ModuleTransaction<M> =>
  tx as unknown as ModuleTransaction<M>;
