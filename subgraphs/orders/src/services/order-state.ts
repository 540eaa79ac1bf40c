import type { OrderStatus } from "../db";
import type { Transitions } from "../../../core/src/state-machine";

/** PENDING→PROCESSING→COMPLETED→REFUNDED; PENDING|PROCESSING→CANCELLED. Nothing else. */
export const orderTransitions: Transitions<OrderStatus> = {
  PENDING: ["PROCESSING", "CANCELLED"],
  PROCESSING: ["COMPLETED", "CANCELLED"],
  COMPLETED: ["REFUNDED"],
  CANCELLED: [],
  REFUNDED: [],
};
