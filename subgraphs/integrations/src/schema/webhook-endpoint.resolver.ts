import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import { integrationDeps, type IntegrationsContext } from "../context";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
} from "../services/outbound-webhooks";
import {
  CreateWebhookEndpointInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from "./types";
import type { WebhookDelivery as WebhookDeliveryRow } from "../db";

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => [WebhookEndpoint], { description: "The tenant's outbound webhook endpoints" })
  webhookEndpoints(@Ctx() ctx: IntegrationsContext): Promise<WebhookEndpoint[]> {
    return listWebhookEndpoints(ctx.prisma, requireTenant(ctx.auth));
  }

  @Query(() => WebhookDeliveryConnection, { description: "Newest first; every attempt is counted" })
  webhookDeliveries(
    @Arg("endpointId", () => ID, { nullable: true }) endpointId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<Connection<WebhookDeliveryRow>> {
    return listWebhookDeliveries(ctx.prisma, requireTenant(ctx.auth), endpointId, page);
  }

  @Mutation(() => WebhookEndpointWithSecret, {
    description: "Subscribes a URL to event types; the signing secret is returned this once only",
  })
  createWebhookEndpoint(
    @Arg("input", () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<WebhookEndpointWithSecret> {
    return createWebhookEndpoint(
      ctx.prisma,
      integrationDeps(ctx),
      requireTenant(ctx.auth),
      input,
    );
  }

  @Mutation(() => Boolean, { description: "Deletes the endpoint and its delivery log" })
  deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() ctx: IntegrationsContext): Promise<boolean> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => deleteWebhookEndpoint(tx, auth, id));
  }

  @Mutation(() => WebhookDelivery, { description: "Sends the delivery again now" })
  redeliverWebhook(
    @Arg("deliveryId", () => ID) deliveryId: string,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<WebhookDeliveryRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => redeliverWebhook(tx, auth, deliveryId));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => Date, { nullable: true })
  nextAttemptAt(@Root() delivery: WebhookDeliveryRow): Date | null {
    return delivery.status === "PENDING" ? delivery.nextAttemptAt : null;
  }
}
