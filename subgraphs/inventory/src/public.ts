/**
 * What the inventory module offers other modules: moving stock for an order (reserve, release,
 * sell, return) inside the caller's transaction or statement, and checking a tenant's
 * locations. Nothing else in this folder may be imported from outside.
 */
export { assertOwnLocations } from "./services/locations";
export {
  assertStockChanged,
  commitSale,
  releaseStock,
  returnStock,
  stockReservation,
  type StockChange,
  type StockLine,
  type StockOutcome,
} from "./services/stock";
export { availableStock, firstLocationId } from "./services/stock-reads";
