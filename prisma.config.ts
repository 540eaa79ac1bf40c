import { defineConfig } from "prisma/config";

// Read by the Prisma CLI only. The application never goes through it: it builds its
// client with a driver adapter (subgraphs/core/src/db) and applies migrations itself.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/omnistack" },
});
