import { ArrayMaxSize, IsOptional, Length, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import {
  ConnectionStatus,
  IntegrationPlatform,
  SyncRunStatus,
  WebhookReceiptStatus,
} from "../db";

export { ConnectionStatus, IntegrationPlatform, SyncRunStatus, WebhookReceiptStatus };

registerEnumType(IntegrationPlatform, { name: "IntegrationPlatform" });
registerEnumType(ConnectionStatus, { name: "ConnectionStatus" });
registerEnumType(SyncRunStatus, { name: "SyncRunStatus" });
registerEnumType(WebhookReceiptStatus, {
  name: "WebhookReceiptStatus",
  description: "RECEIVED (queued or retrying), PROCESSED, IGNORED (a topic we do not handle), FAILED (needs a person)",
});

@Directive('@key(fields: "id")')
@ObjectType({ description: "A tenant's link to a Shopify, WooCommerce or Prokip store" })
export class Connection {
  @Field(() => ID)
  id!: string;

  @Field(() => IntegrationPlatform)
  platform!: IntegrationPlatform;

  @Field()
  storeUrl!: string;

  @Field(() => ConnectionStatus)
  status!: ConnectionStatus;

  @Field()
  syncEnabled!: boolean;

  @Field(() => Date, { nullable: true })
  lastSyncAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Where the store's orders take stock from and whose stock syncs push; null: the first by code",
  })
  locationId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "One stock sync of one connection: what was pushed, skipped (unchanged) and refused" })
export class SyncRun {
  @Field(() => ID)
  id!: string;

  @Field({ description: "SCHEDULE or MANUAL" })
  trigger!: string;

  @Field(() => SyncRunStatus)
  status!: SyncRunStatus;

  @Field(() => Int, { description: "SKUs whose stock the store accepted" })
  pushed!: number;

  @Field(() => Int, { description: "SKUs unchanged since the store last accepted them" })
  skipped!: number;

  @Field(() => Int, { description: "SKUs the store refused; tried again next run" })
  failed!: number;

  @Field()
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

export const SyncRunConnection = ConnectionType("SyncRun", SyncRun);

@ObjectType()
export class PullOrdersResult {
  @Field(() => Int, { description: "Store orders queued for import (orders seen before are not counted)" })
  count!: number;
}

@ObjectType({ description: "Where to send the merchant to approve the app in their Shopify admin" })
export class ShopifyAuthorization {
  @Field({
    description: "The shop's consent screen; Shopify then redirects to GET /integrations/shopify/callback",
  })
  authUrl!: string;
}

@InputType()
export class ConnectWooCommerceInput {
  @Field({ description: "The store's address, e.g. https://shop.example.com (a sub-folder install keeps its path)" })
  @MaxLength(2000)
  storeUrl!: string;

  @Field({ description: "REST API key (ck_…) with Read/Write permission; stored encrypted, never returned" })
  @Length(1, 200)
  consumerKey!: string;

  @Field({ description: "REST API secret (cs_…); stored encrypted, never returned" })
  @Length(1, 200)
  consumerSecret!: string;
}

@InputType()
export class ConfigureProkipInput {
  @Field({ description: "Prokip API bearer token; stored encrypted, never returned" })
  @Length(1, 4000)
  token!: string;

  @Field(() => String, { nullable: true, description: "Omitted: the server's PROKIP_API_URL" })
  @IsOptional()
  @MaxLength(2000)
  apiUrl?: string | null;

  @Field({ description: "The Prokip business location sales are booked at" })
  @Length(1, 100)
  locationId!: string;
}

@ObjectType({ description: "A storefront URL that receives the tenant's events in the Standard Webhooks format" })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [String])
  events!: string[];

  @Field({ description: "False once the endpoint answered 410 Gone" })
  isActive!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: "whsec_…: signs every delivery; shown this once only" })
  secret!: string;
}

@ObjectType({ description: "One event queued for one endpoint, with the outcome of its last attempt" })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "Also the webhook-id header" })
  eventId!: string;

  @Field()
  eventType!: string;

  @Field({ description: "PENDING, SUCCEEDED, FAILED or DISABLED" })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true })
  responseStatus!: number | null;

  @Field(() => Date, { nullable: true, description: "When the next attempt is due; null unless PENDING" })
  nextAttemptAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field()
  createdAt!: Date;
}

export const WebhookDeliveryConnection = ConnectionType("WebhookDelivery", WebhookDelivery);

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: "http(s); private and loopback addresses only when OMNI_WEBHOOKS_ALLOW_PRIVATE=true" })
  @MaxLength(2000)
  url!: string;

  @Field(() => [String], {
    description:
      "stock.changed, order.created, order.status_changed, product.published, product.updated, product.archived",
  })
  @ArrayMaxSize(20)
  events!: string[];
}

/** The orders subgraph's Order, referenced by key only: the gateway fetches its fields from there. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Order")
export class OrderReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "One delivery a store sent us (or a pull found), and what became of it" })
export class WebhookReceipt {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The store's topic, e.g. orders/create (Shopify) or order.created (WooCommerce)" })
  topic!: string;

  @Field(() => WebhookReceiptStatus)
  status!: WebhookReceiptStatus;

  @Field(() => Int, { description: "Tries so far; replaying starts again from 0" })
  attempts!: number;

  @Field(() => [String], { description: "SKUs of the store order that no product has; those lines were left out" })
  unmappedSkus!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  processedAt!: Date | null;
}

export const WebhookReceiptConnection = ConnectionType("WebhookReceipt", WebhookReceipt);
