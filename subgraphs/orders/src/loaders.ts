import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { Order, PrismaClient } from "../../core/src/db/generated/client";
import { byIdLoader } from "../../core/src/graphql/loaders";

export interface OrdersLoaders {
  orderById: DataLoader<string, Order | null>;
}

export function createOrdersLoaders(prisma: PrismaClient, auth: AuthContext): OrdersLoaders {
  const clientId = auth.clientId;
  return {
    orderById: byIdLoader((ids) =>
      clientId ? prisma.order.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
  };
}
