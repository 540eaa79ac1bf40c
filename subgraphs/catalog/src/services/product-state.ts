import { ProductStatus } from "../db";
import type { Transitions } from "../../../core/src/state-machine";

export { ProductStatus };

/** The product status flow: the one table the service, its errors and the tests read. */
export const productTransitions: Transitions<ProductStatus> = {
  DRAFT: [ProductStatus.PUBLISHED],
  PUBLISHED: [ProductStatus.ARCHIVED, ProductStatus.DRAFT],
  ARCHIVED: [ProductStatus.DRAFT],
};

export type ProductMoveName = "publish" | "unpublish" | "archive" | "restore";

export interface ProductMove {
  to: ProductStatus;
  /**
   * Where the move must start. unpublish and restore both end in DRAFT; without this,
   * `unpublishProduct` on an archived product would silently act as a restore.
   */
  from?: ProductStatus;
  action: string;
}

/** What each status mutation does; which moves are legal at all is `productTransitions`. */
export const productMoves: Readonly<Record<ProductMoveName, ProductMove>> = {
  publish: { to: ProductStatus.PUBLISHED, action: "product.published" },
  unpublish: { from: ProductStatus.PUBLISHED, to: ProductStatus.DRAFT, action: "product.unpublished" },
  archive: { to: ProductStatus.ARCHIVED, action: "product.archived" },
  restore: { from: ProductStatus.ARCHIVED, to: ProductStatus.DRAFT, action: "product.restored" },
};
