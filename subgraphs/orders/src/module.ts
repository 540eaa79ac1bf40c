import type { ModuleDefinition } from "../../core/src/module/definition";
import { startPeriodicJob } from "../../core/src/workers/periodic-job";
import { createOrdersLoaders, type OrdersLoaders } from "./loaders";
import { OrderItemResolver, OrderResolver, UnmappedOrderLineResolver } from "./schema/order.resolver";
import { expireStaleReservations } from "./services/reservation-expiry";

/** Orders, their items and status flow, and the reservations that expire unpaid. */
export const ordersModule: ModuleDefinition<OrdersLoaders, "orders"> = {
  name: "orders",
  resolvers: [OrderResolver, OrderItemResolver, UnmappedOrderLineResolver],
  createLoaders: createOrdersLoaders,
  referenceResolvers: {
    Order: (reference, ctx) => ctx.loaders.orderById.load(reference.id),
  },
  jobs: ({ db, prisma, config, log }) => [
    startPeriodicJob({
      db,
      log,
      name: "reservation-expiry",
      // Checked ten times per TTL (at most every minute): an order expires at most 10% late.
      intervalMs: Math.min(Math.max(config.reservationTtlMs / 10, 1000), 60_000),
      run: async () => ({ expired: await expireStaleReservations(prisma, config.reservationTtlMs) }),
    }),
  ],
};
