import { assertObjectType, type GraphQLFieldConfig, type GraphQLSchema } from "graphql";
import { requirePermission, requireTenant } from "../../../subgraphs/core/src/auth/guards";
import { hasFullAccess } from "../../../subgraphs/core/src/auth/permissions";
import type { DomainEvent, EventType } from "../../../subgraphs/core/src/events/types";
import type { GatewayContext } from "../context";
import type { EntityResolver } from "./entity-resolution";
import type { EventFeed } from "./event-feed";
import { withSubscriptions } from "./schema";

type Resolver = NonNullable<GraphQLFieldConfig<unknown, GatewayContext>["resolve"]>;
type Subscriber = NonNullable<GraphQLFieldConfig<unknown, GatewayContext>["subscribe"]>;

const isOfType =
  <T extends EventType>(types: readonly T[], clientId: string, match: (event: DomainEvent<T>) => boolean) =>
  (event: DomainEvent): event is DomainEvent<T> & DomainEvent =>
    event.clientId === clientId &&
    (types as readonly EventType[]).includes(event.type) &&
    match(event as DomainEvent<T>);

/**
 * The events of `source` that `keep` accepts, checked one at a time in order. Hand-written
 * like the feed's stream, so `return()` reaches the source at once.
 */
function onlyWhere<T>(source: AsyncIterableIterator<T>, keep: (item: T) => Promise<boolean>): AsyncIterableIterator<T> {
  return {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done || (await keep(result.value))) return result;
      }
    },
    return: () => source.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** A payload as the subscriber's selection reads it: the event's fields plus its id for shared fetches. */
type Payload<T> = T & { eventId: string };

/**
 * The executable subscription schema: the gateway's API schema extended with the
 * Subscription type, whose root fields stream the tenant's own events from the feed and
 * whose entity fields are fetched through the gateway.
 */
export function buildSubscriptionSchema(
  apiSchema: GraphQLSchema,
  feed: EventFeed,
  entities: EntityResolver,
): GraphQLSchema {
  const schema = withSubscriptions(apiSchema);
  const subscription = assertObjectType(schema.getSubscriptionType()).getFields();
  const field = (typeName: string, fieldName: string) => {
    const found = assertObjectType(schema.getType(typeName)).getFields()[fieldName];
    if (!found) throw new Error(`${typeName}.${fieldName} is missing from the subscription schema`);
    return found;
  };

  const stockChanged = subscription.stockChanged!;
  stockChanged.subscribe = ((_root, args: { productId?: string | null; locationId?: string | null }, context) => {
    const auth = requireTenant(context.auth, "stock:read");
    const events = feed.stream(
      isOfType(
        ["stock.changed"],
        auth.clientId,
        ({ payload }) =>
          (!args.productId || payload.productId === args.productId) &&
          (!args.locationId || payload.locationId === args.locationId),
      ),
    );
    // A storefront key follows the stock of the products it may see, not of drafts.
    return hasFullAccess(auth)
      ? events
      : onlyWhere(events, (event) => entities.isVisible("product", event.payload.productId, context));
  }) as Subscriber;
  stockChanged.resolve = ((event: DomainEvent<"stock.changed">) => ({
    ...event.payload,
    eventId: event.id,
  })) as Resolver;
  field("StockChangedEvent", "product").resolve = ((
    payload: Payload<DomainEvent<"stock.changed">["payload"]>,
    _args,
    context,
    info,
  ) => entities.resolve("product", payload.productId, payload.eventId, info, context)) as Resolver;
  field("StockChangedEvent", "location").resolve = ((
    payload: Payload<DomainEvent<"stock.changed">["payload"]>,
    _args,
    context,
    info,
  ) => entities.resolve("location", payload.locationId, payload.eventId, info, context)) as Resolver;

  const orderUpdated = subscription.orderUpdated!;
  orderUpdated.subscribe = ((_root, args: { statuses?: string[] | null }, context) => {
    const auth = requireTenant(context.auth, "orders:read");
    const { clientId } = auth;
    // Order events carry no creator to filter a storefront caller's own orders by: the tenant's
    // whole feed is for callers that see the whole tenant.
    if (!hasFullAccess(auth)) requirePermission(auth, "admin");
    return feed.stream(
      isOfType(
        ["order.created", "order.status_changed"],
        clientId,
        ({ payload }) => !args.statuses?.length || args.statuses.includes(payload.status),
      ),
    );
  }) as Subscriber;
  orderUpdated.resolve = ((event: DomainEvent<"order.created" | "order.status_changed">) => ({
    type: event.type === "order.created" ? "CREATED" : "STATUS_CHANGED",
    orderId: event.payload.orderId,
    status: event.payload.status,
    previousStatus: event.payload.previousStatus,
    at: event.payload.at,
    eventId: event.id,
  })) as Resolver;
  field("OrderEvent", "order").resolve = ((payload: Payload<{ orderId: string }>, _args, context, info) =>
    entities.resolve("order", payload.orderId, payload.eventId, info, context)) as Resolver;

  return schema;
}
