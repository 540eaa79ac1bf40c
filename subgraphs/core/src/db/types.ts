import type { Prisma as PrismaTypes, PrismaClient } from "./generated/client";

/** The Prisma namespace (SQL templates, Decimal, error classes): all of Prisma a module may use directly. */
export { Prisma } from "./generated/client";

/** Core's own handle (the dispatcher, the jobs): every model. Modules use their `db.ts` instead. */
export type Db = PrismaClient | PrismaTypes.TransactionClient;
