import { extendSchema, parse, type GraphQLSchema } from "graphql";

/**
 * The subscription part of the public API. @apollo/gateway executes no subscriptions, so
 * the gateway serves these itself over graphql-ws; the entity fields of each payload
 * (product, location, order) are resolved through the gateway like any query.
 */
export const subscriptionSdl = /* GraphQL */ `
  type StockChangedEvent {
    product: Product!
    location: Location!
    onHand: Int!
    reserved: Int!
    available: Int!
    "Change to onHand, or to reserved for reservations and releases"
    delta: Int!
    reason: String
    at: DateTime!
  }

  enum OrderEventType {
    CREATED
    STATUS_CHANGED
  }

  type OrderEvent {
    type: OrderEventType!
    "The order as it is when the event is delivered: later changes may already show"
    order: Order!
    "The status this event moved the order into"
    status: OrderStatus!
    previousStatus: OrderStatus
    at: DateTime!
  }

  type Subscription {
    "Stock changes of the tenant, optionally of one product and/or location (ADMIN and STOREFRONT keys)"
    stockChanged(productId: ID, locationId: ID): StockChangedEvent!
    "Orders of the tenant as they are created or change status, optionally only into these statuses (ADMIN keys; a STOREFRONT key is refused)"
    orderUpdated(statuses: [OrderStatus!]): OrderEvent!
  }

  extend schema {
    subscription: Subscription
  }
`;

/** The gateway's API schema plus the subscription types: what Sandbox and graphql-ws see. */
export function withSubscriptions(apiSchema: GraphQLSchema): GraphQLSchema {
  return extendSchema(apiSchema, parse(subscriptionSdl), { assumeValidSDL: false });
}
