import type { Prisma, PrismaClient } from "./generated/client";

/** What services take: the root client or the transaction they must run inside. */
export type Db = PrismaClient | Prisma.TransactionClient;

export type { Prisma, PrismaClient };
