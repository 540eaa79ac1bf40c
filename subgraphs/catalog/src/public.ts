/**
 * What the catalog module offers other modules: products as references (id, sku, name,
 * status, price) of one tenant. Nothing else in this folder may be imported from outside.
 */
export {
  findPublishedProductIds,
  findTenantProducts,
  findTenantProductsBySku,
  type ProductRef,
} from "./services/product-refs";
