import { ownQueries, type ForeignQueries } from "../../../core/src/db/module-db";
import type { Order, OrderItem } from "../db";

/*
 * Reads of one order for other modules (a store cancelling an order it sent us, a sale
 * reported to Prokip), by the id they kept when the order was placed.
 */

export function findOrderStatus(db: ForeignQueries, orderId: string): Promise<Pick<Order, "id" | "status">> {
  return ownQueries<"orders">(db).order.findUniqueOrThrow({
    where: { id: orderId },
    select: { id: true, status: true },
  });
}

export function findOrderWithItems(db: ForeignQueries, orderId: string): Promise<Order & { items: OrderItem[] }> {
  return ownQueries<"orders">(db).order.findUniqueOrThrow({ where: { id: orderId }, include: { items: true } });
}
