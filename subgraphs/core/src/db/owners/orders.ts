// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { Order, OrderItem, UnmappedOrderLine, OrderStatusChange, OrderCounter } from "../generated/client";
export { OrderStatus, OrderSource } from "../generated/client";
