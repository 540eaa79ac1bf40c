import { randomBytes } from "node:crypto";

/**
 * The settings every gateway a bench starts runs with: the bench's database, Redis when the
 * harness has it, production mode, fresh secrets, and the per-client bucket out of reach:
 * the load is one tenant at thousands of requests/s, which the bucket would refuse by
 * design (its check still runs on every request).
 */
export function benchGatewayEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "",
    NODE_ENV: "production",
    OMNI_INTERNAL_SECRET: randomBytes(32).toString("hex"),
    OMNI_ADMIN_KEY: `ak_${randomBytes(24).toString("hex")}`,
    OMNI_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    OMNI_RATE_LIMIT_CAPACITY: "1000000000",
    OMNI_RATE_LIMIT_RESTORE: "1000000000",
  };
}
