/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdjustInventoryInput = {
  /** Units to add (positive) or remove (negative) */
  delta: number;
  locationId: string | number;
  productId: string | number;
  reason?: string | null | undefined;
};

/** ADMIN: everything of the client. STOREFRONT: published catalog, stock, createOrder, its own orders */
export type ApiKeyScope =
  | 'ADMIN'
  | 'STOREFRONT';

export type AuditLogFilter = {
  action?: string | null | undefined;
  /** The API key, tenant user or console account that made the change (actorKeyId, actorUserId or actorAccountId) */
  actorId?: string | number | null | undefined;
  entityId?: string | null | undefined;
  /** e.g. `User`, `FamilyAccount`, `ClientSetting` */
  entityType?: string | null | undefined;
};

export type ClientFilter = {
  isActive?: boolean | null | undefined;
  /** Matches name or code, case-insensitive */
  search?: string | null | undefined;
};

export type ConfigureProkipInput = {
  /** Omitted: the server's PROKIP_API_URL */
  apiUrl?: string | null | undefined;
  /** The Prokip business location sales are booked at */
  locationId: string;
  /** Prokip API bearer token; stored encrypted, never returned */
  token: string;
};

export type ConnectWooCommerceInput = {
  /** REST API key (ck_…) with Read/Write permission; stored encrypted, never returned */
  consumerKey: string;
  /** REST API secret (cs_…); stored encrypted, never returned */
  consumerSecret: string;
  /** The store's address, e.g. https://shop.example.com (a sub-folder install keeps its path) */
  storeUrl: string;
};

export type ConnectionStatus =
  | 'ACTIVE'
  | 'DISCONNECTED'
  | 'ERROR'
  | 'PAUSED';

export type CreateCategoryInput = {
  name: string;
  /** Omitted or null: a root category */
  parentId?: string | number | null | undefined;
  /** Lowercase words joined by '-', unique within the client */
  slug: string;
};

export type CreateFamilyAccountInput = {
  name: string;
  /** Becomes the first member; must not belong to a family yet */
  ownerId: string | number;
};

export type CreateLocationInput = {
  /** Unique per client: letters, digits, '_', '.', '-' */
  code: string;
  name: string;
};

export type CreateOrderInput = {
  customerEmail?: string | null | undefined;
  /** Replaying a key with the same input returns the order it created; with another input it fails with IDEMPOTENCY_KEY_REUSED */
  idempotencyKey?: string | null | undefined;
  items: Array<OrderItemInput>;
  note?: string | null | undefined;
};

export type CreateProductInput = {
  categoryId?: string | number | null | undefined;
  /** Defaults to the client's default currency */
  currency?: Currency | null | undefined;
  description?: string | null | undefined;
  name: string;
  /** At least 0, at most 2 decimal places */
  price: string;
  /** Unique within the client */
  sku: string;
};

export type CreateUserInput = {
  email: string;
  externalId?: string | null | undefined;
  name: string;
  role?: UserRole;
  staffAppAccess?: boolean;
};

export type CreateWebhookEndpointInput = {
  /** stock.changed, order.created, order.status_changed, product.published, product.updated, product.archived */
  events: Array<string>;
  /** http(s); private and loopback addresses only when OMNI_WEBHOOKS_ALLOW_PRIVATE=true */
  url: string;
};

/** ISO 4217 currency code */
export type Currency =
  | 'ALL'
  | 'CHF'
  | 'EUR'
  | 'GBP'
  | 'USD';

export type FamilyBenefitInput = {
  /** 1 to 64 letters, digits, '_', '.', ':' or '-'; unique within the list */
  key: string;
  value: string;
};

export type IntegrationPlatform =
  | 'PROKIP'
  | 'SHOPIFY'
  | 'WOOCOMMERCE';

export type InventoryFilter = {
  locationId?: string | number | null | undefined;
  productId?: string | number | null | undefined;
};

export type MovementFilter = {
  locationId?: string | number | null | undefined;
  productId?: string | number | null | undefined;
  type?: MovementType | null | undefined;
};

export type MovementType =
  | 'ADJUSTMENT'
  | 'RECEIPT'
  | 'RELEASE'
  | 'RESERVATION'
  | 'RETURN'
  | 'SALE'
  | 'TRANSFER_IN'
  | 'TRANSFER_OUT';

export type OrderEventType =
  | 'CREATED'
  | 'STATUS_CHANGED';

export type OrderFilter = {
  createdAfter?: string | null | undefined;
  createdBefore?: string | null | undefined;
  source?: OrderSource | null | undefined;
  status?: Array<OrderStatus> | null | undefined;
};

export type OrderItemInput = {
  /** The location the stock is taken from */
  locationId: string | number;
  productId: string | number;
  quantity: number;
};

export type OrderSource =
  | 'API'
  | 'PROKIP'
  | 'SHOPIFY'
  | 'STOREFRONT'
  | 'WOOCOMMERCE';

/** PENDING→PROCESSING→COMPLETED→REFUNDED; PENDING|PROCESSING→CANCELLED */
export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PENDING'
  | 'PROCESSING'
  | 'REFUNDED';

/** What a platform key (x-api-key) may do alone. ADMIN: everything. TENANTS_READ: clients, client, clientByExternalId. TENANTS_MANAGE: also registerClient, updateClient, deactivateClient, reactivateClient. KEYS_MANAGE: apiKeys, rotateClientApiKey, revokeApiKey, platformKeys, rotatePlatformKey, revokePlatformKey */
export type PlatformKeyScope =
  | 'ADMIN'
  | 'KEYS_MANAGE'
  | 'TENANTS_MANAGE'
  | 'TENANTS_READ';

export type ProductFilter = {
  categoryId?: string | number | null | undefined;
  /** Matches name or sku, case-insensitive */
  search?: string | null | undefined;
  status?: ProductStatus | null | undefined;
};

/** DRAFT→PUBLISHED→ARCHIVED→DRAFT, and PUBLISHED→DRAFT */
export type ProductStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED';

export type ReceiveBatchInput = {
  expiresAt?: string | null | undefined;
  locationId: string | number;
  lotNumber: string;
  productId: string | number;
  quantity: number;
};

export type RegisterClientInput = {
  address?: string | null | undefined;
  /** Unique within the client app: letters, digits, '_', '.', '-' */
  code: string;
  defaultCurrency?: Currency | null | undefined;
  email?: string | null | undefined;
  /** The client's id in the platform, unique within the app */
  externalId?: string | null | undefined;
  name: string;
  phone?: string | null | undefined;
  /** Scopes of the client's first key; ADMIN when omitted */
  scopes?: Array<ApiKeyScope> | null | undefined;
  taxId?: string | null | undefined;
};

export type SetInventoryInput = {
  locationId: string | number;
  /** The counted quantity on hand */
  onHand: number;
  productId: string | number;
  reason?: string | null | undefined;
};

export type SyncRunStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type TransferInventoryInput = {
  fromLocationId: string | number;
  productId: string | number;
  quantity: number;
  reason?: string | null | undefined;
  toLocationId: string | number;
};

export type UpdateCategoryInput = {
  name?: string | null | undefined;
  /** Omitted: unchanged; null: a root category; never the category itself or one below it */
  parentId?: string | number | null | undefined;
  slug?: string | null | undefined;
};

export type UpdateClientInput = {
  address?: string | null | undefined;
  code?: string | null | undefined;
  defaultCurrency?: Currency | null | undefined;
  email?: string | null | undefined;
  externalId?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  taxId?: string | null | undefined;
};

export type UpdateProductInput = {
  /** null takes the product out of its category */
  categoryId?: string | number | null | undefined;
  currency?: Currency | null | undefined;
  /** null clears it */
  description?: string | null | undefined;
  name?: string | null | undefined;
  price?: string | null | undefined;
  sku?: string | null | undefined;
};

/** Only the fields given change; externalId: null clears it */
export type UpdateUserInput = {
  email?: string | null | undefined;
  externalId?: string | null | undefined;
  isActive?: boolean | null | undefined;
  name?: string | null | undefined;
  role?: UserRole | null | undefined;
  staffAppAccess?: boolean | null | undefined;
};

/** The user's whole profile as the platform knows it; omitted optional fields stay as they are */
export type UpsertUserInput = {
  email: string;
  isActive?: boolean | null | undefined;
  name: string;
  /** CUSTOMER for a new user when omitted */
  role?: UserRole | null | undefined;
  staffAppAccess?: boolean | null | undefined;
};

export type UserRole =
  | 'ADMIN'
  | 'CUSTOMER'
  | 'MANAGER'
  | 'OWNER'
  | 'STAFF';

/** RECEIVED (queued or retrying), PROCESSED, IGNORED (a topic we do not handle), FAILED (needs a person) */
export type WebhookReceiptStatus =
  | 'FAILED'
  | 'IGNORED'
  | 'PROCESSED'
  | 'RECEIVED';

export type ProductDetailsFragment = { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null };

export type CategoryDetailsFragment = { id: string, name: string, slug: string, parent: { id: string } | null };

export type ProductsQueryVariables = Exact<{
  filter?: ProductFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ProductsQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } }> } };

export type ProductQueryVariables = Exact<{
  id: string | number;
}>;


export type ProductQuery = { product: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, inventory: Array<{ onHand: number, reserved: number, available: number, location: { id: string, code: string } }>, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } | null };

export type ProductBySkuQueryVariables = Exact<{
  sku: string;
}>;


export type ProductBySkuQuery = { productBySku: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } | null };

export type CreateProductMutationVariables = Exact<{
  input: CreateProductInput;
}>;


export type CreateProductMutation = { createProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type UpdateProductMutationVariables = Exact<{
  id: string | number;
  input: UpdateProductInput;
}>;


export type UpdateProductMutation = { updateProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type PublishProductMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishProductMutation = { publishProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type UnpublishProductMutationVariables = Exact<{
  id: string | number;
}>;


export type UnpublishProductMutation = { unpublishProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type ArchiveProductMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveProductMutation = { archiveProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type RestoreProductMutationVariables = Exact<{
  id: string | number;
}>;


export type RestoreProductMutation = { restoreProduct: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } };

export type CategoriesQueryVariables = Exact<{
  parentId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type CategoriesQuery = { categoriesConnection: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, slug: string, children: Array<{ id: string, name: string, slug: string }>, parent: { id: string } | null } }> } };

export type CategoryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type CategoryQuery = { category: { id: string, name: string, slug: string, children: Array<{ id: string, name: string, slug: string }>, products: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, publishedAt: string | null, createdAt: string, updatedAt: string, price: { amount: string, currency: Currency }, category: { id: string, name: string } | null } }> }, parent: { id: string } | null } | null };

export type CreateCategoryMutationVariables = Exact<{
  input: CreateCategoryInput;
}>;


export type CreateCategoryMutation = { createCategory: { id: string, name: string, slug: string, parent: { id: string } | null } };

export type UpdateCategoryMutationVariables = Exact<{
  id: string | number;
  input: UpdateCategoryInput;
}>;


export type UpdateCategoryMutation = { updateCategory: { id: string, name: string, slug: string, parent: { id: string } | null } };

export type DeleteCategoryMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteCategoryMutation = { deleteCategory: boolean };

export type ClientDetailsFragment = { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string };

export type ApiKeyDetailsFragment = { id: string, prefix: string, grantedScopes: Array<string>, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null };

export type PublishableKeyDetailsFragment = { id: string, prefix: string, allowedOrigins: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null };

export type PlatformKeyDetailsFragment = { id: string, clientAppId: string, prefix: string, scopes: Array<PlatformKeyScope>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null };

export type RegisterClientMutationVariables = Exact<{
  input: RegisterClientInput;
}>;


export type RegisterClientMutation = { registerClient: { apiKey: string, apiKeyInfo: { id: string, prefix: string, grantedScopes: Array<string>, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }, client: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } } };

export type ClientsQueryVariables = Exact<{
  filter?: ClientFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ClientsQuery = { clients: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } }> } };

export type ClientQueryVariables = Exact<{
  id: string | number;
}>;


export type ClientQuery = { client: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } | null };

export type ClientByExternalIdQueryVariables = Exact<{
  externalId: string;
}>;


export type ClientByExternalIdQuery = { clientByExternalId: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } | null };

export type UpdateClientMutationVariables = Exact<{
  id: string | number;
  input: UpdateClientInput;
}>;


export type UpdateClientMutation = { updateClient: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } };

export type DeactivateClientMutationVariables = Exact<{
  id: string | number;
}>;


export type DeactivateClientMutation = { deactivateClient: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } };

export type ReactivateClientMutationVariables = Exact<{
  id: string | number;
}>;


export type ReactivateClientMutation = { reactivateClient: { id: string, code: string, name: string, externalId: string | null, email: string | null, phone: string | null, address: string | null, taxId: string | null, defaultCurrency: Currency, isActive: boolean, createdAt: string, updatedAt: string } };

export type ApiKeysQueryVariables = Exact<{
  clientId?: string | number | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, prefix: string, grantedScopes: Array<string>, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }> };

export type RotateClientApiKeyMutationVariables = Exact<{
  clientId: string | number;
  scopes?: Array<ApiKeyScope> | ApiKeyScope | null | undefined;
  gracePeriodSeconds?: number;
}>;


export type RotateClientApiKeyMutation = { rotateClientApiKey: { apiKey: string, info: { id: string, prefix: string, grantedScopes: Array<string>, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, prefix: string, grantedScopes: Array<string>, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } };

export type PublishableKeysQueryVariables = Exact<{
  clientId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type PublishableKeysQuery = { publishableKeys: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, prefix: string, allowedOrigins: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } }> } };

export type IssuePublishableKeyMutationVariables = Exact<{
  allowedOrigins: Array<string> | string;
  clientId?: string | number | null | undefined;
}>;


export type IssuePublishableKeyMutation = { issuePublishableKey: { publishableKey: string, info: { id: string, prefix: string, allowedOrigins: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokePublishableKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokePublishableKeyMutation = { revokePublishableKey: { id: string, prefix: string, allowedOrigins: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } };

export type PlatformKeysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type PlatformKeysQuery = { platformKeys: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, clientAppId: string, prefix: string, scopes: Array<PlatformKeyScope>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } }> } };

export type RotatePlatformKeyMutationVariables = Exact<{
  scopes?: Array<PlatformKeyScope> | PlatformKeyScope | null | undefined;
  gracePeriodSeconds: number;
}>;


export type RotatePlatformKeyMutation = { rotatePlatformKey: { apiKey: string, info: { id: string, clientAppId: string, prefix: string, scopes: Array<PlatformKeyScope>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokePlatformKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokePlatformKeyMutation = { revokePlatformKey: { id: string, clientAppId: string, prefix: string, scopes: Array<PlatformKeyScope>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } };

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { settings: unknown };

export type SetSettingMutationVariables = Exact<{
  key: string;
  value: unknown;
}>;


export type SetSettingMutation = { setSetting: unknown };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, action: string, entityType: string, entityId: string, actorKeyId: string | null, actorUserId: string | null, actorAccountId: string | null, before: unknown, after: unknown } }> } };

export type ConnectionDetailsFragment = { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string };

export type SyncRunDetailsFragment = { id: string, trigger: string, status: SyncRunStatus, pushed: number, skipped: number, failed: number, error: string | null, startedAt: string, finishedAt: string | null, connection: { id: string, platform: IntegrationPlatform } };

export type ConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectionsQuery = { connections: Array<{ id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string }> };

export type ConnectionQueryVariables = Exact<{
  id: string | number;
}>;


export type ConnectionQuery = { connection: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } | null };

export type InitiateShopifyConnectionMutationVariables = Exact<{
  shop: string;
}>;


export type InitiateShopifyConnectionMutation = { initiateShopifyConnection: { authUrl: string } };

export type ConnectWooCommerceMutationVariables = Exact<{
  input: ConnectWooCommerceInput;
}>;


export type ConnectWooCommerceMutation = { connectWooCommerce: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } };

export type ConfigureProkipMutationVariables = Exact<{
  input: ConfigureProkipInput;
}>;


export type ConfigureProkipMutation = { configureProkip: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } };

export type DisconnectMutationVariables = Exact<{
  id: string | number;
}>;


export type DisconnectMutation = { disconnect: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } };

export type SetConnectionLocationMutationVariables = Exact<{
  id: string | number;
  locationId?: string | number | null | undefined;
}>;


export type SetConnectionLocationMutation = { setConnectionLocation: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } };

export type RematchProductsMutationVariables = Exact<{
  connectionId: string | number;
}>;


export type RematchProductsMutation = { rematchProducts: { id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string } };

export type TriggerSyncMutationVariables = Exact<{
  connectionId?: string | number | null | undefined;
}>;


export type TriggerSyncMutation = { triggerSync: Array<{ id: string, trigger: string, status: SyncRunStatus, pushed: number, skipped: number, failed: number, error: string | null, startedAt: string, finishedAt: string | null, connection: { id: string, platform: IntegrationPlatform } }> };

export type PauseSyncMutationVariables = Exact<{
  connectionId?: string | number | null | undefined;
}>;


export type PauseSyncMutation = { pauseSync: Array<{ id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string }> };

export type ResumeSyncMutationVariables = Exact<{
  connectionId?: string | number | null | undefined;
}>;


export type ResumeSyncMutation = { resumeSync: Array<{ id: string, platform: IntegrationPlatform, storeUrl: string, status: ConnectionStatus, syncEnabled: boolean, locationId: string | null, productCount: number, orderCount: number, lastSyncAt: string | null, lastError: string | null, createdAt: string }> };

export type PullOrdersMutationVariables = Exact<{
  connectionId?: string | number | null | undefined;
}>;


export type PullOrdersMutation = { pullOrders: { count: number } };

export type SyncRunsQueryVariables = Exact<{
  connectionId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type SyncRunsQuery = { syncRuns: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, trigger: string, status: SyncRunStatus, pushed: number, skipped: number, failed: number, error: string | null, startedAt: string, finishedAt: string | null, connection: { id: string, platform: IntegrationPlatform } } }> } };

export type WebhookReceiptDetailsFragment = { id: string, topic: string, status: WebhookReceiptStatus, storeOrderId: string | null, attempts: number, errorCode: string | null, lastError: string | null, unmappedSkus: Array<string>, createdAt: string, processedAt: string | null, order: { id: string, number: number, status: OrderStatus } | null };

export type WebhookReceiptsQueryVariables = Exact<{
  connectionId: string | number;
  status?: WebhookReceiptStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type WebhookReceiptsQuery = { webhookReceipts: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, topic: string, status: WebhookReceiptStatus, storeOrderId: string | null, attempts: number, errorCode: string | null, lastError: string | null, unmappedSkus: Array<string>, createdAt: string, processedAt: string | null, order: { id: string, number: number, status: OrderStatus } | null } }> } };

export type ReplayWebhookReceiptMutationVariables = Exact<{
  id: string | number;
}>;


export type ReplayWebhookReceiptMutation = { replayWebhookReceipt: { id: string, topic: string, status: WebhookReceiptStatus, storeOrderId: string | null, attempts: number, errorCode: string | null, lastError: string | null, unmappedSkus: Array<string>, createdAt: string, processedAt: string | null, order: { id: string, number: number, status: OrderStatus } | null } };

export type InventoryLevelDetailsFragment = { id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } };

export type LocationsQueryVariables = Exact<{ [key: string]: never; }>;


export type LocationsQuery = { locations: Array<{ id: string, code: string, name: string }> };

export type LocationQueryVariables = Exact<{
  id: string | number;
}>;


export type LocationQuery = { location: { id: string, code: string, name: string } | null };

export type CreateLocationMutationVariables = Exact<{
  input: CreateLocationInput;
}>;


export type CreateLocationMutation = { createLocation: { id: string, code: string, name: string } };

export type InventoryLevelsQueryVariables = Exact<{
  filter?: InventoryFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type InventoryLevelsQuery = { inventoryLevels: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } } }> } };

export type LowStockQueryVariables = Exact<{
  threshold: number;
}>;


export type LowStockQuery = { lowStock: Array<{ id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } }> };

export type SetInventoryMutationVariables = Exact<{
  input: SetInventoryInput;
}>;


export type SetInventoryMutation = { setInventory: { id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } } };

export type AdjustInventoryMutationVariables = Exact<{
  input: AdjustInventoryInput;
}>;


export type AdjustInventoryMutation = { adjustInventory: { id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } } };

export type TransferInventoryMutationVariables = Exact<{
  input: TransferInventoryInput;
}>;


export type TransferInventoryMutation = { transferInventory: Array<{ id: string, onHand: number, reserved: number, available: number, updatedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } }> };

export type ReceiveBatchMutationVariables = Exact<{
  input: ReceiveBatchInput;
}>;


export type ReceiveBatchMutation = { receiveBatch: { id: string, lotNumber: string, quantity: number, expiresAt: string | null, receivedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } } };

export type BatchesQueryVariables = Exact<{
  productId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type BatchesQuery = { batches: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, lotNumber: string, quantity: number, expiresAt: string | null, receivedAt: string, product: { id: string, sku: string }, location: { id: string, code: string } } }> } };

export type InventoryMovementsQueryVariables = Exact<{
  filter?: MovementFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type InventoryMovementsQuery = { inventoryMovements: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, type: MovementType, quantity: number, reason: string | null, reference: string | null, at: string, product: { id: string, sku: string }, location: { id: string, code: string } } }> } };

export type CreateOrderMutationVariables = Exact<{
  input: CreateOrderInput;
}>;


export type CreateOrderMutation = { createOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type OrderQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderQuery = { order: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, history: Array<{ from: OrderStatus | null, to: OrderStatus, at: string }>, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } | null };

export type ProcessOrderMutationVariables = Exact<{
  id: string | number;
}>;


export type ProcessOrderMutation = { processOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type CompleteOrderMutationVariables = Exact<{
  id: string | number;
}>;


export type CompleteOrderMutation = { completeOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type CancelOrderMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type CancelOrderMutation = { cancelOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type RefundOrderMutationVariables = Exact<{
  id: string | number;
  restock?: boolean;
}>;


export type RefundOrderMutation = { refundOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type OrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type OrdersQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } }> } };

export type OrderSummaryFragment = { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, externalId: string | null, customerEmail: string | null, note: string | null, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> };

export type StockChangedSubscriptionVariables = Exact<{
  productId?: string | number | null | undefined;
  locationId?: string | number | null | undefined;
}>;


export type StockChangedSubscription = { stockChanged: { onHand: number, reserved: number, available: number, delta: number, reason: string | null, at: string, product: { id: string, sku: string }, location: { id: string } } };

export type OrderUpdatedSubscriptionVariables = Exact<{
  statuses?: Array<OrderStatus> | OrderStatus | null | undefined;
}>;


export type OrderUpdatedSubscription = { orderUpdated: { type: OrderEventType, status: OrderStatus, previousStatus: OrderStatus | null, at: string, order: { id: string, number: number, status: OrderStatus } } };

export type UserDetailsFragment = { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean };

export type StaffAppDetailsFragment = { id: string, name: string, createdAt: string, revokedAt: string | null };

export type FamilyAccountDetailsFragment = { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
  clientId?: string | number | null | undefined;
}>;


export type CreateUserMutation = { createUser: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean } };

export type UpsertUserMutationVariables = Exact<{
  externalId: string;
  input: UpsertUserInput;
}>;


export type UpsertUserMutation = { upsertUser: { created: boolean, user: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean } } };

export type UpdateUserMutationVariables = Exact<{
  id: string | number;
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean } };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean } }> } };

export type UserQueryVariables = Exact<{
  id: string | number;
}>;


export type UserQuery = { user: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean, benefits: Array<{ key: string, value: string }>, familyAccount: { id: string, name: string } | null } | null };

export type UserByExternalIdQueryVariables = Exact<{
  externalId: string;
}>;


export type UserByExternalIdQuery = { userByExternalId: { id: string, externalId: string | null, email: string, name: string, role: UserRole, isActive: boolean, staffAppAccess: boolean, hasPassword: boolean } | null };

export type IssuePasswordTokenMutationVariables = Exact<{
  userId: string | number;
  clientId?: string | number | null | undefined;
}>;


export type IssuePasswordTokenMutation = { issuePasswordToken: { token: string, expiresAt: string } };

export type StaffAppsQueryVariables = Exact<{
  clientId?: string | number | null | undefined;
}>;


export type StaffAppsQuery = { staffApps: Array<{ id: string, name: string, createdAt: string, revokedAt: string | null }> };

export type RegisterStaffAppMutationVariables = Exact<{
  name: string;
  clientId?: string | number | null | undefined;
}>;


export type RegisterStaffAppMutation = { registerStaffApp: { id: string, name: string, createdAt: string, revokedAt: string | null } };

export type RevokeStaffAppMutationVariables = Exact<{
  id: string | number;
  clientId?: string | number | null | undefined;
}>;


export type RevokeStaffAppMutation = { revokeStaffApp: { id: string, name: string, createdAt: string, revokedAt: string | null } };

export type FamilyAccountsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type FamilyAccountsQuery = { familyAccounts: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } }> } };

export type FamilyAccountQueryVariables = Exact<{
  id: string | number;
}>;


export type FamilyAccountQuery = { familyAccount: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } | null };

export type CreateFamilyAccountMutationVariables = Exact<{
  input: CreateFamilyAccountInput;
}>;


export type CreateFamilyAccountMutation = { createFamilyAccount: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } };

export type AddFamilyMemberMutationVariables = Exact<{
  familyAccountId: string | number;
  userId: string | number;
}>;


export type AddFamilyMemberMutation = { addFamilyMember: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } };

export type RemoveFamilyMemberMutationVariables = Exact<{
  familyAccountId: string | number;
  userId: string | number;
}>;


export type RemoveFamilyMemberMutation = { removeFamilyMember: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } };

export type SetFamilyBenefitsMutationVariables = Exact<{
  familyAccountId: string | number;
  benefits: Array<FamilyBenefitInput> | FamilyBenefitInput;
}>;


export type SetFamilyBenefitsMutation = { setFamilyBenefits: { id: string, name: string, owner: { id: string, name: string }, members: Array<{ id: string, name: string, email: string }>, benefits: Array<{ key: string, value: string }> } };

export type DeleteFamilyAccountMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteFamilyAccountMutation = { deleteFamilyAccount: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { clientApp: { id: string, name: string }, client: { id: string, name: string } | null } };

export type PageDetailsFragment = { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null };

export type WebhookEndpointDetailsFragment = { id: string, url: string, events: Array<string>, isActive: boolean, createdAt: string };

export type WebhookDeliveryDetailsFragment = { id: string, eventId: string, eventType: string, status: string, attempts: number, responseStatus: number | null, lastError: string | null, nextAttemptAt: string | null, createdAt: string };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { webhookEndpoints: Array<{ id: string, url: string, events: Array<string>, isActive: boolean, createdAt: string }> };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string, events: Array<string>, isActive: boolean, createdAt: string } } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: boolean };

export type WebhookDeliveriesQueryVariables = Exact<{
  endpointId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, eventId: string, eventType: string, status: string, attempts: number, responseStatus: number | null, lastError: string | null, nextAttemptAt: string | null, createdAt: string } }> } };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: string | number;
}>;


export type RedeliverWebhookMutation = { redeliverWebhook: { id: string, eventId: string, eventType: string, status: string, attempts: number, responseStatus: number | null, lastError: string | null, nextAttemptAt: string | null, createdAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ProductDetailsFragmentDoc = new TypedDocumentString(`
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"ProductDetails"}) as unknown as TypedDocumentString<ProductDetailsFragment, unknown>;
export const CategoryDetailsFragmentDoc = new TypedDocumentString(`
    fragment CategoryDetails on Category {
  id
  name
  slug
  parent {
    id
  }
}
    `, {"fragmentName":"CategoryDetails"}) as unknown as TypedDocumentString<CategoryDetailsFragment, unknown>;
export const ClientDetailsFragmentDoc = new TypedDocumentString(`
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}
    `, {"fragmentName":"ClientDetails"}) as unknown as TypedDocumentString<ClientDetailsFragment, unknown>;
export const ApiKeyDetailsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyDetails on ApiKeyInfo {
  id
  prefix
  grantedScopes
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"ApiKeyDetails"}) as unknown as TypedDocumentString<ApiKeyDetailsFragment, unknown>;
export const PublishableKeyDetailsFragmentDoc = new TypedDocumentString(`
    fragment PublishableKeyDetails on PublishableKeyInfo {
  id
  prefix
  allowedOrigins
  createdAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"PublishableKeyDetails"}) as unknown as TypedDocumentString<PublishableKeyDetailsFragment, unknown>;
export const PlatformKeyDetailsFragmentDoc = new TypedDocumentString(`
    fragment PlatformKeyDetails on PlatformKey {
  id
  clientAppId
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"PlatformKeyDetails"}) as unknown as TypedDocumentString<PlatformKeyDetailsFragment, unknown>;
export const ConnectionDetailsFragmentDoc = new TypedDocumentString(`
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}
    `, {"fragmentName":"ConnectionDetails"}) as unknown as TypedDocumentString<ConnectionDetailsFragment, unknown>;
export const SyncRunDetailsFragmentDoc = new TypedDocumentString(`
    fragment SyncRunDetails on SyncRun {
  id
  trigger
  status
  pushed
  skipped
  failed
  error
  startedAt
  finishedAt
  connection {
    id
    platform
  }
}
    `, {"fragmentName":"SyncRunDetails"}) as unknown as TypedDocumentString<SyncRunDetailsFragment, unknown>;
export const WebhookReceiptDetailsFragmentDoc = new TypedDocumentString(`
    fragment WebhookReceiptDetails on WebhookReceipt {
  id
  topic
  status
  storeOrderId
  attempts
  errorCode
  lastError
  unmappedSkus
  createdAt
  processedAt
  order {
    id
    number
    status
  }
}
    `, {"fragmentName":"WebhookReceiptDetails"}) as unknown as TypedDocumentString<WebhookReceiptDetailsFragment, unknown>;
export const InventoryLevelDetailsFragmentDoc = new TypedDocumentString(`
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}
    `, {"fragmentName":"InventoryLevelDetails"}) as unknown as TypedDocumentString<InventoryLevelDetailsFragment, unknown>;
export const OrderSummaryFragmentDoc = new TypedDocumentString(`
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}
    `, {"fragmentName":"OrderSummary"}) as unknown as TypedDocumentString<OrderSummaryFragment, unknown>;
export const UserDetailsFragmentDoc = new TypedDocumentString(`
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}
    `, {"fragmentName":"UserDetails"}) as unknown as TypedDocumentString<UserDetailsFragment, unknown>;
export const StaffAppDetailsFragmentDoc = new TypedDocumentString(`
    fragment StaffAppDetails on StaffApp {
  id
  name
  createdAt
  revokedAt
}
    `, {"fragmentName":"StaffAppDetails"}) as unknown as TypedDocumentString<StaffAppDetailsFragment, unknown>;
export const FamilyAccountDetailsFragmentDoc = new TypedDocumentString(`
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}
    `, {"fragmentName":"FamilyAccountDetails"}) as unknown as TypedDocumentString<FamilyAccountDetailsFragment, unknown>;
export const PageDetailsFragmentDoc = new TypedDocumentString(`
    fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
    `, {"fragmentName":"PageDetails"}) as unknown as TypedDocumentString<PageDetailsFragment, unknown>;
export const WebhookEndpointDetailsFragmentDoc = new TypedDocumentString(`
    fragment WebhookEndpointDetails on WebhookEndpoint {
  id
  url
  events
  isActive
  createdAt
}
    `, {"fragmentName":"WebhookEndpointDetails"}) as unknown as TypedDocumentString<WebhookEndpointDetailsFragment, unknown>;
export const WebhookDeliveryDetailsFragmentDoc = new TypedDocumentString(`
    fragment WebhookDeliveryDetails on WebhookDelivery {
  id
  eventId
  eventType
  status
  attempts
  responseStatus
  lastError
  nextAttemptAt
  createdAt
}
    `, {"fragmentName":"WebhookDeliveryDetails"}) as unknown as TypedDocumentString<WebhookDeliveryDetailsFragment, unknown>;
export const ProductsDocument = new TypedDocumentString(`
    query Products($filter: ProductFilter, $first: Int, $after: String, $last: Int, $before: String) {
  products(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...ProductDetails
      }
    }
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<ProductsQuery, ProductsQueryVariables>;
export const ProductDocument = new TypedDocumentString(`
    query Product($id: ID!) {
  product(id: $id) {
    ...ProductDetails
    inventory {
      location {
        id
        code
      }
      onHand
      reserved
      available
    }
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ProductQuery, ProductQueryVariables>;
export const ProductBySkuDocument = new TypedDocumentString(`
    query ProductBySku($sku: String!) {
  productBySku(sku: $sku) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ProductBySkuQuery, ProductBySkuQueryVariables>;
export const CreateProductDocument = new TypedDocumentString(`
    mutation CreateProduct($input: CreateProductInput!) {
  createProduct(input: $input) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateProductMutation, CreateProductMutationVariables>;
export const UpdateProductDocument = new TypedDocumentString(`
    mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {
  updateProduct(id: $id, input: $input) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateProductMutation, UpdateProductMutationVariables>;
export const PublishProductDocument = new TypedDocumentString(`
    mutation PublishProduct($id: ID!) {
  publishProduct(id: $id) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<PublishProductMutation, PublishProductMutationVariables>;
export const UnpublishProductDocument = new TypedDocumentString(`
    mutation UnpublishProduct($id: ID!) {
  unpublishProduct(id: $id) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UnpublishProductMutation, UnpublishProductMutationVariables>;
export const ArchiveProductDocument = new TypedDocumentString(`
    mutation ArchiveProduct($id: ID!) {
  archiveProduct(id: $id) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ArchiveProductMutation, ArchiveProductMutationVariables>;
export const RestoreProductDocument = new TypedDocumentString(`
    mutation RestoreProduct($id: ID!) {
  restoreProduct(id: $id) {
    ...ProductDetails
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RestoreProductMutation, RestoreProductMutationVariables>;
export const CategoriesDocument = new TypedDocumentString(`
    query Categories($parentId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  categoriesConnection(
    parentId: $parentId
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...CategoryDetails
        children {
          id
          name
          slug
        }
      }
    }
  }
}
    fragment CategoryDetails on Category {
  id
  name
  slug
  parent {
    id
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<CategoriesQuery, CategoriesQueryVariables>;
export const CategoryDocument = new TypedDocumentString(`
    query Category($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  category(id: $id) {
    ...CategoryDetails
    children {
      id
      name
      slug
    }
    products(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        ...PageDetails
      }
      edges {
        node {
          ...ProductDetails
        }
      }
    }
  }
}
    fragment ProductDetails on Product {
  id
  sku
  name
  description
  status
  price {
    amount
    currency
  }
  available
  category {
    id
    name
  }
  publishedAt
  createdAt
  updatedAt
}
fragment CategoryDetails on Category {
  id
  name
  slug
  parent {
    id
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<CategoryQuery, CategoryQueryVariables>;
export const CreateCategoryDocument = new TypedDocumentString(`
    mutation CreateCategory($input: CreateCategoryInput!) {
  createCategory(input: $input) {
    ...CategoryDetails
  }
}
    fragment CategoryDetails on Category {
  id
  name
  slug
  parent {
    id
  }
}`) as unknown as TypedDocumentString<CreateCategoryMutation, CreateCategoryMutationVariables>;
export const UpdateCategoryDocument = new TypedDocumentString(`
    mutation UpdateCategory($id: ID!, $input: UpdateCategoryInput!) {
  updateCategory(id: $id, input: $input) {
    ...CategoryDetails
  }
}
    fragment CategoryDetails on Category {
  id
  name
  slug
  parent {
    id
  }
}`) as unknown as TypedDocumentString<UpdateCategoryMutation, UpdateCategoryMutationVariables>;
export const DeleteCategoryDocument = new TypedDocumentString(`
    mutation DeleteCategory($id: ID!) {
  deleteCategory(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteCategoryMutation, DeleteCategoryMutationVariables>;
export const RegisterClientDocument = new TypedDocumentString(`
    mutation RegisterClient($input: RegisterClientInput!) {
  registerClient(input: $input) {
    apiKey
    apiKeyInfo {
      ...ApiKeyDetails
    }
    client {
      ...ClientDetails
    }
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}
fragment ApiKeyDetails on ApiKeyInfo {
  id
  prefix
  grantedScopes
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RegisterClientMutation, RegisterClientMutationVariables>;
export const ClientsDocument = new TypedDocumentString(`
    query Clients($filter: ClientFilter, $first: Int, $after: String, $last: Int, $before: String) {
  clients(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...ClientDetails
      }
    }
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<ClientsQuery, ClientsQueryVariables>;
export const ClientDocument = new TypedDocumentString(`
    query Client($id: ID!) {
  client(id: $id) {
    ...ClientDetails
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ClientQuery, ClientQueryVariables>;
export const ClientByExternalIdDocument = new TypedDocumentString(`
    query ClientByExternalId($externalId: String!) {
  clientByExternalId(externalId: $externalId) {
    ...ClientDetails
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ClientByExternalIdQuery, ClientByExternalIdQueryVariables>;
export const UpdateClientDocument = new TypedDocumentString(`
    mutation UpdateClient($id: ID!, $input: UpdateClientInput!) {
  updateClient(id: $id, input: $input) {
    ...ClientDetails
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateClientMutation, UpdateClientMutationVariables>;
export const DeactivateClientDocument = new TypedDocumentString(`
    mutation DeactivateClient($id: ID!) {
  deactivateClient(id: $id) {
    ...ClientDetails
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<DeactivateClientMutation, DeactivateClientMutationVariables>;
export const ReactivateClientDocument = new TypedDocumentString(`
    mutation ReactivateClient($id: ID!) {
  reactivateClient(id: $id) {
    ...ClientDetails
  }
}
    fragment ClientDetails on Client {
  id
  code
  name
  externalId
  email
  phone
  address
  taxId
  defaultCurrency
  isActive
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ReactivateClientMutation, ReactivateClientMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($clientId: ID) {
  apiKeys(clientId: $clientId) {
    ...ApiKeyDetails
  }
}
    fragment ApiKeyDetails on ApiKeyInfo {
  id
  prefix
  grantedScopes
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const RotateClientApiKeyDocument = new TypedDocumentString(`
    mutation RotateClientApiKey($clientId: ID!, $scopes: [ApiKeyScope!], $gracePeriodSeconds: Int! = 86400) {
  rotateClientApiKey(
    clientId: $clientId
    scopes: $scopes
    gracePeriodSeconds: $gracePeriodSeconds
  ) {
    apiKey
    info {
      ...ApiKeyDetails
    }
  }
}
    fragment ApiKeyDetails on ApiKeyInfo {
  id
  prefix
  grantedScopes
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RotateClientApiKeyMutation, RotateClientApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    ...ApiKeyDetails
  }
}
    fragment ApiKeyDetails on ApiKeyInfo {
  id
  prefix
  grantedScopes
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const PublishableKeysDocument = new TypedDocumentString(`
    query PublishableKeys($clientId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  publishableKeys(
    clientId: $clientId
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...PublishableKeyDetails
      }
    }
  }
}
    fragment PublishableKeyDetails on PublishableKeyInfo {
  id
  prefix
  allowedOrigins
  createdAt
  lastUsedAt
  revokedAt
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<PublishableKeysQuery, PublishableKeysQueryVariables>;
export const IssuePublishableKeyDocument = new TypedDocumentString(`
    mutation IssuePublishableKey($allowedOrigins: [String!]!, $clientId: ID) {
  issuePublishableKey(allowedOrigins: $allowedOrigins, clientId: $clientId) {
    publishableKey
    info {
      ...PublishableKeyDetails
    }
  }
}
    fragment PublishableKeyDetails on PublishableKeyInfo {
  id
  prefix
  allowedOrigins
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<IssuePublishableKeyMutation, IssuePublishableKeyMutationVariables>;
export const RevokePublishableKeyDocument = new TypedDocumentString(`
    mutation RevokePublishableKey($id: ID!) {
  revokePublishableKey(id: $id) {
    ...PublishableKeyDetails
  }
}
    fragment PublishableKeyDetails on PublishableKeyInfo {
  id
  prefix
  allowedOrigins
  createdAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokePublishableKeyMutation, RevokePublishableKeyMutationVariables>;
export const PlatformKeysDocument = new TypedDocumentString(`
    query PlatformKeys($first: Int, $after: String, $last: Int, $before: String) {
  platformKeys(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...PlatformKeyDetails
      }
    }
  }
}
    fragment PlatformKeyDetails on PlatformKey {
  id
  clientAppId
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<PlatformKeysQuery, PlatformKeysQueryVariables>;
export const RotatePlatformKeyDocument = new TypedDocumentString(`
    mutation RotatePlatformKey($scopes: [PlatformKeyScope!], $gracePeriodSeconds: Int!) {
  rotatePlatformKey(scopes: $scopes, gracePeriodSeconds: $gracePeriodSeconds) {
    apiKey
    info {
      ...PlatformKeyDetails
    }
  }
}
    fragment PlatformKeyDetails on PlatformKey {
  id
  clientAppId
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RotatePlatformKeyMutation, RotatePlatformKeyMutationVariables>;
export const RevokePlatformKeyDocument = new TypedDocumentString(`
    mutation RevokePlatformKey($id: ID!) {
  revokePlatformKey(id: $id) {
    ...PlatformKeyDetails
  }
}
    fragment PlatformKeyDetails on PlatformKey {
  id
  clientAppId
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokePlatformKeyMutation, RevokePlatformKeyMutationVariables>;
export const SettingsDocument = new TypedDocumentString(`
    query Settings {
  settings
}
    `) as unknown as TypedDocumentString<SettingsQuery, SettingsQueryVariables>;
export const SetSettingDocument = new TypedDocumentString(`
    mutation SetSetting($key: String!, $value: JSON!) {
  setSetting(key: $key, value: $value)
}
    `) as unknown as TypedDocumentString<SetSettingMutation, SetSettingMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditLogFilter, $first: Int, $after: String, $last: Int, $before: String) {
  auditLog(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        id
        at
        action
        entityType
        entityId
        actorKeyId
        actorUserId
        actorAccountId
        before
        after
      }
    }
  }
}
    fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const ConnectionsDocument = new TypedDocumentString(`
    query Connections {
  connections {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<ConnectionsQuery, ConnectionsQueryVariables>;
export const ConnectionDocument = new TypedDocumentString(`
    query Connection($id: ID!) {
  connection(id: $id) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<ConnectionQuery, ConnectionQueryVariables>;
export const InitiateShopifyConnectionDocument = new TypedDocumentString(`
    mutation InitiateShopifyConnection($shop: String!) {
  initiateShopifyConnection(shop: $shop) {
    authUrl
  }
}
    `) as unknown as TypedDocumentString<InitiateShopifyConnectionMutation, InitiateShopifyConnectionMutationVariables>;
export const ConnectWooCommerceDocument = new TypedDocumentString(`
    mutation ConnectWooCommerce($input: ConnectWooCommerceInput!) {
  connectWooCommerce(input: $input) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<ConnectWooCommerceMutation, ConnectWooCommerceMutationVariables>;
export const ConfigureProkipDocument = new TypedDocumentString(`
    mutation ConfigureProkip($input: ConfigureProkipInput!) {
  configureProkip(input: $input) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<ConfigureProkipMutation, ConfigureProkipMutationVariables>;
export const DisconnectDocument = new TypedDocumentString(`
    mutation Disconnect($id: ID!) {
  disconnect(id: $id) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<DisconnectMutation, DisconnectMutationVariables>;
export const SetConnectionLocationDocument = new TypedDocumentString(`
    mutation SetConnectionLocation($id: ID!, $locationId: ID) {
  setConnectionLocation(id: $id, locationId: $locationId) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<SetConnectionLocationMutation, SetConnectionLocationMutationVariables>;
export const RematchProductsDocument = new TypedDocumentString(`
    mutation RematchProducts($connectionId: ID!) {
  rematchProducts(connectionId: $connectionId) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<RematchProductsMutation, RematchProductsMutationVariables>;
export const TriggerSyncDocument = new TypedDocumentString(`
    mutation TriggerSync($connectionId: ID) {
  triggerSync(connectionId: $connectionId) {
    ...SyncRunDetails
  }
}
    fragment SyncRunDetails on SyncRun {
  id
  trigger
  status
  pushed
  skipped
  failed
  error
  startedAt
  finishedAt
  connection {
    id
    platform
  }
}`) as unknown as TypedDocumentString<TriggerSyncMutation, TriggerSyncMutationVariables>;
export const PauseSyncDocument = new TypedDocumentString(`
    mutation PauseSync($connectionId: ID) {
  pauseSync(connectionId: $connectionId) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<PauseSyncMutation, PauseSyncMutationVariables>;
export const ResumeSyncDocument = new TypedDocumentString(`
    mutation ResumeSync($connectionId: ID) {
  resumeSync(connectionId: $connectionId) {
    ...ConnectionDetails
  }
}
    fragment ConnectionDetails on Connection {
  id
  platform
  storeUrl
  status
  syncEnabled
  locationId
  productCount
  orderCount
  lastSyncAt
  lastError
  createdAt
}`) as unknown as TypedDocumentString<ResumeSyncMutation, ResumeSyncMutationVariables>;
export const PullOrdersDocument = new TypedDocumentString(`
    mutation PullOrders($connectionId: ID) {
  pullOrders(connectionId: $connectionId) {
    count
  }
}
    `) as unknown as TypedDocumentString<PullOrdersMutation, PullOrdersMutationVariables>;
export const SyncRunsDocument = new TypedDocumentString(`
    query SyncRuns($connectionId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  syncRuns(
    connectionId: $connectionId
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...SyncRunDetails
      }
    }
  }
}
    fragment SyncRunDetails on SyncRun {
  id
  trigger
  status
  pushed
  skipped
  failed
  error
  startedAt
  finishedAt
  connection {
    id
    platform
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<SyncRunsQuery, SyncRunsQueryVariables>;
export const WebhookReceiptsDocument = new TypedDocumentString(`
    query WebhookReceipts($connectionId: ID!, $status: WebhookReceiptStatus, $first: Int, $after: String, $last: Int, $before: String) {
  webhookReceipts(
    connectionId: $connectionId
    status: $status
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...WebhookReceiptDetails
      }
    }
  }
}
    fragment WebhookReceiptDetails on WebhookReceipt {
  id
  topic
  status
  storeOrderId
  attempts
  errorCode
  lastError
  unmappedSkus
  createdAt
  processedAt
  order {
    id
    number
    status
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<WebhookReceiptsQuery, WebhookReceiptsQueryVariables>;
export const ReplayWebhookReceiptDocument = new TypedDocumentString(`
    mutation ReplayWebhookReceipt($id: ID!) {
  replayWebhookReceipt(id: $id) {
    ...WebhookReceiptDetails
  }
}
    fragment WebhookReceiptDetails on WebhookReceipt {
  id
  topic
  status
  storeOrderId
  attempts
  errorCode
  lastError
  unmappedSkus
  createdAt
  processedAt
  order {
    id
    number
    status
  }
}`) as unknown as TypedDocumentString<ReplayWebhookReceiptMutation, ReplayWebhookReceiptMutationVariables>;
export const LocationsDocument = new TypedDocumentString(`
    query Locations {
  locations {
    id
    code
    name
  }
}
    `) as unknown as TypedDocumentString<LocationsQuery, LocationsQueryVariables>;
export const LocationDocument = new TypedDocumentString(`
    query Location($id: ID!) {
  location(id: $id) {
    id
    code
    name
  }
}
    `) as unknown as TypedDocumentString<LocationQuery, LocationQueryVariables>;
export const CreateLocationDocument = new TypedDocumentString(`
    mutation CreateLocation($input: CreateLocationInput!) {
  createLocation(input: $input) {
    id
    code
    name
  }
}
    `) as unknown as TypedDocumentString<CreateLocationMutation, CreateLocationMutationVariables>;
export const InventoryLevelsDocument = new TypedDocumentString(`
    query InventoryLevels($filter: InventoryFilter, $first: Int, $after: String, $last: Int, $before: String) {
  inventoryLevels(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...InventoryLevelDetails
      }
    }
  }
}
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<InventoryLevelsQuery, InventoryLevelsQueryVariables>;
export const LowStockDocument = new TypedDocumentString(`
    query LowStock($threshold: Int!) {
  lowStock(threshold: $threshold) {
    ...InventoryLevelDetails
  }
}
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}`) as unknown as TypedDocumentString<LowStockQuery, LowStockQueryVariables>;
export const SetInventoryDocument = new TypedDocumentString(`
    mutation SetInventory($input: SetInventoryInput!) {
  setInventory(input: $input) {
    ...InventoryLevelDetails
  }
}
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}`) as unknown as TypedDocumentString<SetInventoryMutation, SetInventoryMutationVariables>;
export const AdjustInventoryDocument = new TypedDocumentString(`
    mutation AdjustInventory($input: AdjustInventoryInput!) {
  adjustInventory(input: $input) {
    ...InventoryLevelDetails
  }
}
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}`) as unknown as TypedDocumentString<AdjustInventoryMutation, AdjustInventoryMutationVariables>;
export const TransferInventoryDocument = new TypedDocumentString(`
    mutation TransferInventory($input: TransferInventoryInput!) {
  transferInventory(input: $input) {
    ...InventoryLevelDetails
  }
}
    fragment InventoryLevelDetails on InventoryLevel {
  id
  product {
    id
    sku
  }
  location {
    id
    code
  }
  onHand
  reserved
  available
  updatedAt
}`) as unknown as TypedDocumentString<TransferInventoryMutation, TransferInventoryMutationVariables>;
export const ReceiveBatchDocument = new TypedDocumentString(`
    mutation ReceiveBatch($input: ReceiveBatchInput!) {
  receiveBatch(input: $input) {
    id
    lotNumber
    quantity
    expiresAt
    receivedAt
    product {
      id
      sku
    }
    location {
      id
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ReceiveBatchMutation, ReceiveBatchMutationVariables>;
export const BatchesDocument = new TypedDocumentString(`
    query Batches($productId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  batches(
    productId: $productId
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        id
        lotNumber
        quantity
        expiresAt
        receivedAt
        product {
          id
          sku
        }
        location {
          id
          code
        }
      }
    }
  }
}
    fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<BatchesQuery, BatchesQueryVariables>;
export const InventoryMovementsDocument = new TypedDocumentString(`
    query InventoryMovements($filter: MovementFilter, $first: Int, $after: String, $last: Int, $before: String) {
  inventoryMovements(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        id
        type
        quantity
        reason
        reference
        at
        product {
          id
          sku
        }
        location {
          id
          code
        }
      }
    }
  }
}
    fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<InventoryMovementsQuery, InventoryMovementsQueryVariables>;
export const CreateOrderDocument = new TypedDocumentString(`
    mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) {
    ...OrderSummary
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<CreateOrderMutation, CreateOrderMutationVariables>;
export const OrderDocument = new TypedDocumentString(`
    query Order($id: ID!) {
  order(id: $id) {
    ...OrderSummary
    history {
      from
      to
      at
    }
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<OrderQuery, OrderQueryVariables>;
export const ProcessOrderDocument = new TypedDocumentString(`
    mutation ProcessOrder($id: ID!) {
  processOrder(id: $id) {
    ...OrderSummary
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ProcessOrderMutation, ProcessOrderMutationVariables>;
export const CompleteOrderDocument = new TypedDocumentString(`
    mutation CompleteOrder($id: ID!) {
  completeOrder(id: $id) {
    ...OrderSummary
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<CompleteOrderMutation, CompleteOrderMutationVariables>;
export const CancelOrderDocument = new TypedDocumentString(`
    mutation CancelOrder($id: ID!, $reason: String) {
  cancelOrder(id: $id, reason: $reason) {
    ...OrderSummary
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<CancelOrderMutation, CancelOrderMutationVariables>;
export const RefundOrderDocument = new TypedDocumentString(`
    mutation RefundOrder($id: ID!, $restock: Boolean! = true) {
  refundOrder(id: $id, restock: $restock) {
    ...OrderSummary
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<RefundOrderMutation, RefundOrderMutationVariables>;
export const OrdersDocument = new TypedDocumentString(`
    query Orders($filter: OrderFilter, $first: Int, $after: String, $last: Int, $before: String) {
  orders(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...OrderSummary
      }
    }
  }
}
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
  externalId
  customerEmail
  note
  total {
    amount
    currency
  }
  items {
    sku
    quantity
    unitPrice {
      amount
    }
    product {
      id
      name
    }
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<OrdersQuery, OrdersQueryVariables>;
export const StockChangedDocument = new TypedDocumentString(`
    subscription StockChanged($productId: ID, $locationId: ID) {
  stockChanged(productId: $productId, locationId: $locationId) {
    product {
      id
      sku
    }
    location {
      id
    }
    onHand
    reserved
    available
    delta
    reason
    at
  }
}
    `) as unknown as TypedDocumentString<StockChangedSubscription, StockChangedSubscriptionVariables>;
export const OrderUpdatedDocument = new TypedDocumentString(`
    subscription OrderUpdated($statuses: [OrderStatus!]) {
  orderUpdated(statuses: $statuses) {
    type
    status
    previousStatus
    at
    order {
      id
      number
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OrderUpdatedSubscription, OrderUpdatedSubscriptionVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!, $clientId: ID) {
  createUser(input: $input, clientId: $clientId) {
    ...UserDetails
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpsertUserDocument = new TypedDocumentString(`
    mutation UpsertUser($externalId: String!, $input: UpsertUserInput!) {
  upsertUser(externalId: $externalId, input: $input) {
    created
    user {
      ...UserDetails
    }
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}`) as unknown as TypedDocumentString<UpsertUserMutation, UpsertUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    ...UserDetails
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}`) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String, $last: Int, $before: String) {
  users(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...UserDetails
      }
    }
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UserDocument = new TypedDocumentString(`
    query User($id: ID!) {
  user(id: $id) {
    ...UserDetails
    benefits {
      key
      value
    }
    familyAccount {
      id
      name
    }
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}`) as unknown as TypedDocumentString<UserQuery, UserQueryVariables>;
export const UserByExternalIdDocument = new TypedDocumentString(`
    query UserByExternalId($externalId: String!) {
  userByExternalId(externalId: $externalId) {
    ...UserDetails
  }
}
    fragment UserDetails on User {
  id
  externalId
  email
  name
  role
  isActive
  staffAppAccess
  hasPassword
}`) as unknown as TypedDocumentString<UserByExternalIdQuery, UserByExternalIdQueryVariables>;
export const IssuePasswordTokenDocument = new TypedDocumentString(`
    mutation IssuePasswordToken($userId: ID!, $clientId: ID) {
  issuePasswordToken(userId: $userId, clientId: $clientId) {
    token
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<IssuePasswordTokenMutation, IssuePasswordTokenMutationVariables>;
export const StaffAppsDocument = new TypedDocumentString(`
    query StaffApps($clientId: ID) {
  staffApps(clientId: $clientId) {
    ...StaffAppDetails
  }
}
    fragment StaffAppDetails on StaffApp {
  id
  name
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<StaffAppsQuery, StaffAppsQueryVariables>;
export const RegisterStaffAppDocument = new TypedDocumentString(`
    mutation RegisterStaffApp($name: String!, $clientId: ID) {
  registerStaffApp(name: $name, clientId: $clientId) {
    ...StaffAppDetails
  }
}
    fragment StaffAppDetails on StaffApp {
  id
  name
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<RegisterStaffAppMutation, RegisterStaffAppMutationVariables>;
export const RevokeStaffAppDocument = new TypedDocumentString(`
    mutation RevokeStaffApp($id: ID!, $clientId: ID) {
  revokeStaffApp(id: $id, clientId: $clientId) {
    ...StaffAppDetails
  }
}
    fragment StaffAppDetails on StaffApp {
  id
  name
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokeStaffAppMutation, RevokeStaffAppMutationVariables>;
export const FamilyAccountsDocument = new TypedDocumentString(`
    query FamilyAccounts($first: Int, $after: String, $last: Int, $before: String) {
  familyAccounts(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...FamilyAccountDetails
      }
    }
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}
fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<FamilyAccountsQuery, FamilyAccountsQueryVariables>;
export const FamilyAccountDocument = new TypedDocumentString(`
    query FamilyAccount($id: ID!) {
  familyAccount(id: $id) {
    ...FamilyAccountDetails
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}`) as unknown as TypedDocumentString<FamilyAccountQuery, FamilyAccountQueryVariables>;
export const CreateFamilyAccountDocument = new TypedDocumentString(`
    mutation CreateFamilyAccount($input: CreateFamilyAccountInput!) {
  createFamilyAccount(input: $input) {
    ...FamilyAccountDetails
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}`) as unknown as TypedDocumentString<CreateFamilyAccountMutation, CreateFamilyAccountMutationVariables>;
export const AddFamilyMemberDocument = new TypedDocumentString(`
    mutation AddFamilyMember($familyAccountId: ID!, $userId: ID!) {
  addFamilyMember(familyAccountId: $familyAccountId, userId: $userId) {
    ...FamilyAccountDetails
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}`) as unknown as TypedDocumentString<AddFamilyMemberMutation, AddFamilyMemberMutationVariables>;
export const RemoveFamilyMemberDocument = new TypedDocumentString(`
    mutation RemoveFamilyMember($familyAccountId: ID!, $userId: ID!) {
  removeFamilyMember(familyAccountId: $familyAccountId, userId: $userId) {
    ...FamilyAccountDetails
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}`) as unknown as TypedDocumentString<RemoveFamilyMemberMutation, RemoveFamilyMemberMutationVariables>;
export const SetFamilyBenefitsDocument = new TypedDocumentString(`
    mutation SetFamilyBenefits($familyAccountId: ID!, $benefits: [FamilyBenefitInput!]!) {
  setFamilyBenefits(familyAccountId: $familyAccountId, benefits: $benefits) {
    ...FamilyAccountDetails
  }
}
    fragment FamilyAccountDetails on FamilyAccount {
  id
  name
  owner {
    id
    name
  }
  members {
    id
    name
    email
  }
  benefits {
    key
    value
  }
}`) as unknown as TypedDocumentString<SetFamilyBenefitsMutation, SetFamilyBenefitsMutationVariables>;
export const DeleteFamilyAccountDocument = new TypedDocumentString(`
    mutation DeleteFamilyAccount($id: ID!) {
  deleteFamilyAccount(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteFamilyAccountMutation, DeleteFamilyAccountMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    clientApp {
      id
      name
    }
    client {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints {
  webhookEndpoints {
    ...WebhookEndpointDetails
  }
}
    fragment WebhookEndpointDetails on WebhookEndpoint {
  id
  url
  events
  isActive
  createdAt
}`) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      ...WebhookEndpointDetails
    }
  }
}
    fragment WebhookEndpointDetails on WebhookEndpoint {
  id
  url
  events
  isActive
  createdAt
}`) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($endpointId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  webhookDeliveries(
    endpointId: $endpointId
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageDetails
    }
    edges {
      node {
        ...WebhookDeliveryDetails
      }
    }
  }
}
    fragment PageDetails on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment WebhookDeliveryDetails on WebhookDelivery {
  id
  eventId
  eventType
  status
  attempts
  responseStatus
  lastError
  nextAttemptAt
  createdAt
}`) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const RedeliverWebhookDocument = new TypedDocumentString(`
    mutation RedeliverWebhook($deliveryId: ID!) {
  redeliverWebhook(deliveryId: $deliveryId) {
    ...WebhookDeliveryDetails
  }
}
    fragment WebhookDeliveryDetails on WebhookDelivery {
  id
  eventId
  eventType
  status
  attempts
  responseStatus
  lastError
  nextAttemptAt
  createdAt
}`) as unknown as TypedDocumentString<RedeliverWebhookMutation, RedeliverWebhookMutationVariables>;