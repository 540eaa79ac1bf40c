import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createOrdersLoaders, type OrdersLoaders } from "./loaders";
import { OrderItemResolver, OrderResolver, UnmappedOrderLineResolver } from "./schema/order.resolver";

export const ordersSubgraph: SubgraphDefinition<OrdersLoaders> = {
  name: "orders",
  resolvers: [OrderResolver, OrderItemResolver, UnmappedOrderLineResolver],
  createLoaders: createOrdersLoaders,
  referenceResolvers: {
    Order: (reference, ctx) => ctx.loaders.orderById.load(reference.id),
  },
};
