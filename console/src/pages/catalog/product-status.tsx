import type { ProductStatus } from "../../generated/graphql";

const statusClass: Record<ProductStatus, string> = { PUBLISHED: "ok", DRAFT: "", ARCHIVED: "off" };

export const ProductStatusBadge = ({ status }: { status: ProductStatus }) => (
  <span className={`badge ${statusClass[status]}`}>{status.toLowerCase()}</span>
);
