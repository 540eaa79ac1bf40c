import type DataLoader from "dataloader";
import { hasTenant, type AuthContext } from "../../core/src/auth/context";
import { byIdLoader, groupLoader } from "../../core/src/graphql/loaders";
import { selectItemsOfOrders } from "./services/order-rows";
import { ordersVisibleTo } from "./services/orders";
import type { Order, OrderItem, OrderStatusChange, RootDb, UnmappedOrderLine } from "./db";

export interface OrdersLoaders {
  orderById: DataLoader<string, Order | null>;
  itemsByOrderId: DataLoader<string, OrderItem[]>;
  historyByOrderId: DataLoader<string, OrderStatusChange[]>;
  unmappedLinesByOrderId: DataLoader<string, UnmappedOrderLine[]>;
}

/**
 * Scoped to the calling tenant (and for a storefront key to its own orders). Items and history are only ever loaded for orders that
 * were themselves loaded through a tenant-scoped query.
 */
export function createOrdersLoaders(prisma: RootDb, auth: AuthContext): OrdersLoaders {
  return {
    orderById: byIdLoader((ids) =>
      hasTenant(auth)
        ? prisma.order.findMany({ where: { id: { in: ids }, ...ordersVisibleTo(auth) } })
        : Promise.resolve([]),
    ),
    itemsByOrderId: groupLoader(
      (orderIds) => selectItemsOfOrders(prisma, orderIds),
      (item) => item.orderId,
    ),
    historyByOrderId: groupLoader(
      (orderIds) => prisma.orderStatusChange.findMany({ where: { orderId: { in: orderIds } }, orderBy: { id: "asc" } }),
      (change) => change.orderId,
    ),
    unmappedLinesByOrderId: groupLoader(
      (orderIds) => prisma.unmappedOrderLine.findMany({ where: { orderId: { in: orderIds } }, orderBy: { id: "asc" } }),
      (line) => line.orderId,
    ),
  };
}
