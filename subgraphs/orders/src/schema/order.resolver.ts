import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { Order as OrderRow } from "../../../core/src/db/generated/client";
import { Money } from "../../../core/src/graphql/common-types";
import type { OrdersContext } from "../context";
import { Order } from "./types";

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true })
  order(@Arg("id", () => ID) id: string, @Ctx() ctx: OrdersContext): Promise<OrderRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.orderById.load(id);
  }

  @FieldResolver(() => Money)
  total(@Root() order: OrderRow): Money {
    return { amount: order.total, currency: order.currency };
  }
}
