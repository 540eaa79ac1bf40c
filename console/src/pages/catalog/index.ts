import type { ConsolePage } from "../console-page";
import { CategoriesPage } from "./categories-page";
import { ProductPage } from "./product-page";
import { ProductsPage } from "./products-page";

// Every role reads the catalog; changing it needs catalog:write, which the API refuses in words.
export const catalogPages: ConsolePage[] = [
  { path: "/products", title: "Products", levels: ["TENANT_STAFF"], component: ProductsPage },
  { path: "/products/:id", title: "Product", levels: ["TENANT_STAFF"], component: ProductPage },
  { path: "/categories", title: "Categories", levels: ["TENANT_STAFF"], component: CategoriesPage },
];
