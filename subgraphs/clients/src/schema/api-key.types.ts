import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { ApiKeyScope, PlatformKeyScope } from "../../../core/src/auth/scopes";
import { ConnectionType } from "../../../core/src/graphql/pagination";

/** GraphQL names for the scopes; keys store and show the lower-case values. */
export const ApiKeyScopeName = { ADMIN: "admin", STOREFRONT: "storefront" } as const satisfies Record<
  string,
  ApiKeyScope
>;

registerEnumType(ApiKeyScopeName, {
  name: "ApiKeyScope",
  description: "ADMIN: everything of the client. STOREFRONT: published catalog, stock, createOrder, its own orders",
});

@ObjectType()
export class ApiKeyInfo {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The first characters of the key, to tell keys apart" })
  prefix!: string;

  @Field(() => [String], {
    deprecationReason:
      "Lower-case storage names (admin, storefront); use grantedScopes, spelled like the scopes the mutations take",
  })
  scopes!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: "A newly issued key: the secret is shown here once and never again" })
export class IssuedApiKey {
  @Field()
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  info!: ApiKeyInfo;
}

/** GraphQL names of a platform key's scopes; keys store the lower-case values. */
export const PlatformKeyScopeName = {
  ADMIN: "admin",
  TENANTS_READ: "tenants:read",
  TENANTS_MANAGE: "tenants:manage",
  KEYS_MANAGE: "keys:manage",
} as const satisfies Record<string, PlatformKeyScope>;

registerEnumType(PlatformKeyScopeName, {
  name: "PlatformKeyScope",
  description:
    "What a platform key (x-api-key) may do alone. ADMIN: everything. TENANTS_READ: clients, client, clientByExternalId. " +
    "TENANTS_MANAGE: also registerClient, updateClient, deactivateClient, reactivateClient. " +
    "KEYS_MANAGE: apiKeys, rotateClientApiKey, revokeApiKey, platformKeys, rotatePlatformKey, revokePlatformKey",
});

@ObjectType({ description: "A platform key (x-api-key); its secret is never shown again" })
export class PlatformKey {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  clientAppId!: string;

  @Field({ description: "The first characters of the key, to tell keys apart" })
  prefix!: string;

  @Field(() => [PlatformKeyScopeName])
  scopes!: string[];

  @Field({ description: "A key's age counts from here (OMNI_KEY_MAX_AGE_DAYS, OMNI_KEY_HARD_MAX_AGE_DAYS)" })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When a rotation's grace period ends for this key" })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

export const PlatformKeyConnection = ConnectionType("PlatformKey", PlatformKey);

@ObjectType({ description: "A newly issued platform key: the secret is shown here once and never again" })
export class IssuedPlatformKey {
  @Field({ description: "The platform key (x-api-key)" })
  apiKey!: string;

  @Field(() => PlatformKey)
  info!: PlatformKey;
}

/** A stored scope value → its name in the ApiKeyScope or PlatformKeyScope enum (ADMIN, TENANTS_READ, …). */
const scopeEnumNames = new Map<string, string>(
  [...Object.entries(ApiKeyScopeName), ...Object.entries(PlatformKeyScopeName)].map(([name, value]) => [value, name]),
);

export function scopeEnumName(stored: string): string {
  return scopeEnumNames.get(stored) ?? stored.toUpperCase();
}
