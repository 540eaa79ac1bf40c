import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { Money } from "../../../core/src/graphql/common-types";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { OrdersContext } from "../context";
import { createOrder, listOrders, transitionOrder, type TransitionOptions } from "../services/orders";
import {
  CreateOrderInput,
  Order,
  OrderConnection,
  OrderFilter,
  OrderItem,
  OrderStatusChange,
  ProductReference,
  UnmappedOrderLine,
} from "./types";
import type {
  Order as OrderRow,
  OrderItem as OrderItemRow,
  OrderStatus,
  OrderStatusChange as ChangeRow,
  UnmappedOrderLine as UnmappedLineRow,
} from "../db";

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true })
  order(@Arg("id", () => ID) id: string, @Ctx() ctx: OrdersContext): Promise<OrderRow | null> {
    requireTenant(ctx.auth, "orders:read");
    return ctx.loaders.orderById.load(id);
  }

  @Query(() => OrderConnection, { description: "Newest first" })
  orders(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<Connection<OrderRow>> {
    return listOrders(ctx.prisma, requireTenant(ctx.auth, "orders:read"), page, filter);
  }

  @Mutation(() => Order, { description: "Reserves stock for every item or fails with INSUFFICIENT_STOCK" })
  createOrder(@Arg("input", () => CreateOrderInput) input: CreateOrderInput, @Ctx() ctx: OrdersContext): Promise<OrderRow> {
    return createOrder(ctx.prisma, requireTenant(ctx.auth, "orders:create"), input);
  }

  @Mutation(() => Order)
  processOrder(@Arg("id", () => ID) id: string, @Ctx() ctx: OrdersContext): Promise<OrderRow> {
    return this.move(ctx, id, "PROCESSING");
  }

  @Mutation(() => Order, { description: "Turns the reservation into a sale" })
  completeOrder(@Arg("id", () => ID) id: string, @Ctx() ctx: OrdersContext): Promise<OrderRow> {
    return this.move(ctx, id, "COMPLETED");
  }

  @Mutation(() => Order, { description: "Releases the reserved stock" })
  cancelOrder(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<OrderRow> {
    return this.move(ctx, id, "CANCELLED", { note: reason });
  }

  @Mutation(() => Order, { description: "With restock (the default) the sold units go back on hand" })
  refundOrder(
    @Arg("id", () => ID) id: string,
    @Arg("restock", () => Boolean, { defaultValue: true }) restock: boolean,
    @Ctx() ctx: OrdersContext,
  ): Promise<OrderRow> {
    return this.move(ctx, id, "REFUNDED", { restock });
  }

  private move(ctx: OrdersContext, id: string, to: OrderStatus, options?: TransitionOptions): Promise<OrderRow> {
    const auth = requireTenant(ctx.auth, "orders:manage");
    return ctx.prisma.$transaction((tx) => transitionOrder(tx, auth, id, to, options));
  }

  @FieldResolver(() => Money, {
    description:
      "An imported store order keeps the store's total and currency (shipping, tax and discounts included)",
  })
  total(@Root() order: OrderRow): Money {
    return { amount: order.total, currency: order.currency };
  }

  @FieldResolver(() => [OrderItem])
  items(@Root() order: OrderRow, @Ctx() ctx: OrdersContext): Promise<OrderItemRow[]> {
    return ctx.loaders.itemsByOrderId.load(order.id);
  }

  @FieldResolver(() => [OrderStatusChange], { description: "Every status change, oldest first" })
  history(@Root() order: OrderRow, @Ctx() ctx: OrdersContext): Promise<ChangeRow[]> {
    return ctx.loaders.historyByOrderId.load(order.id);
  }

  @FieldResolver(() => [UnmappedOrderLine], {
    description: "Lines of an imported store order that match none of our products (empty for other orders)",
  })
  unmappedLines(@Root() order: OrderRow, @Ctx() ctx: OrdersContext): Promise<UnmappedLineRow[]> {
    return ctx.loaders.unmappedLinesByOrderId.load(order.id);
  }
}

@Resolver(() => UnmappedOrderLine)
export class UnmappedOrderLineResolver {
  @FieldResolver(() => Money, { nullable: true })
  unitPrice(@Root() line: UnmappedLineRow): Money | null {
    return line.unitPrice && line.currency ? { amount: line.unitPrice, currency: line.currency } : null;
  }

  @FieldResolver(() => Money, { nullable: true })
  lineTotal(@Root() line: UnmappedLineRow): Money | null {
    return line.lineTotal && line.currency ? { amount: line.lineTotal, currency: line.currency } : null;
  }
}

@Resolver(() => OrderItem)
export class OrderItemResolver {
  @FieldResolver(() => ProductReference)
  product(@Root() item: OrderItemRow): ProductReference {
    return { id: item.productId };
  }

  @FieldResolver(() => Money)
  unitPrice(@Root() item: OrderItemRow): Money {
    return { amount: item.unitPrice, currency: item.currency };
  }

  @FieldResolver(() => Money)
  lineTotal(@Root() item: OrderItemRow): Money {
    return { amount: item.lineTotal, currency: item.currency };
  }
}
