// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { Category, Product } from "../generated/client";
export { ProductStatus } from "../generated/client";
