// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { Location, InventoryLevel, InventoryMovement, Batch } from "../generated/client";
export { MovementType } from "../generated/client";
