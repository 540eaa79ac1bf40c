import type { OrderStatus } from "../../generated/graphql";

const statusClass: Record<OrderStatus, string> = {
  PENDING: "",
  PROCESSING: "",
  COMPLETED: "ok",
  CANCELLED: "off",
  REFUNDED: "off",
};

export const OrderStatusBadge = ({ status }: { status: OrderStatus }) => (
  <span className={`badge ${statusClass[status]}`}>{status.toLowerCase()}</span>
);
