/**
 * What the orders module offers other modules: placing an order and moving it along its
 * status flow (an imported store order goes through the same rules as one placed here).
 * Nothing else in this folder may be imported from outside.
 */
export { orderTransitions } from "./services/order-state";
export { placeOrder, transitionOrder } from "./services/orders";
export type { OrderSource } from "./db";
export { findOrderStatus, findOrderWithItems } from "./services/order-lookup";
