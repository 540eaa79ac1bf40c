/**
 * Domain events: written to the outbox in the transaction of the change they describe,
 * published by the dispatcher, consumed by subscriptions, caches and outbound webhooks.
 * Consumers must ignore an `id` they have already handled: delivery is at least once.
 */
export interface StockChangedPayload {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  available: number;
  /** Change to onHand, or to reserved for reservations and releases. */
  delta: number;
  movementType: string;
  reason: string | null;
  at: string;
}

export interface OrderEventPayload {
  orderId: string;
  status: string;
  previousStatus: string | null;
  at: string;
}

export interface ProductEventPayload {
  productId: string;
  status: string;
  at: string;
}

export interface ClientDeactivatedPayload {
  clientId: string;
  /** Keys revoked with the client: every cache holding them must drop them. */
  keyIds: string[];
  at: string;
}

export interface ApiKeyRevokedPayload {
  keyId: string;
  clientId: string | null;
  at: string;
}

export interface ClientAppDeactivatedPayload {
  /** Every key of the app and of its tenants is refused from now: caches must drop them. */
  clientAppId: string;
  at: string;
}

export interface EventPayloads {
  "stock.changed": StockChangedPayload;
  "order.created": OrderEventPayload;
  "order.status_changed": OrderEventPayload;
  "product.published": ProductEventPayload;
  "product.updated": ProductEventPayload;
  "product.archived": ProductEventPayload;
  "client.deactivated": ClientDeactivatedPayload;
  "apikey.revoked": ApiKeyRevokedPayload;
  "clientApp.deactivated": ClientAppDeactivatedPayload;
}

export type EventType = keyof EventPayloads;

export const eventTypes: readonly EventType[] = [
  "stock.changed",
  "order.created",
  "order.status_changed",
  "product.published",
  "product.updated",
  "product.archived",
  "client.deactivated",
  "apikey.revoked",
  "clientApp.deactivated",
];

export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: string;
    type: K;
    /** The tenant the event belongs to; null for platform-level events. */
    clientId: string | null;
    /** What changed, as `<Type>:<id>`. */
    aggregate: string;
    payload: EventPayloads[K];
    createdAt: string;
  };
}[T];

/** Carries published events between processes (Redis) or within one (in-memory). */
export interface EventBus {
  publish(events: readonly DomainEvent[]): Promise<void>;
  /** Calls `handler` for every event published from now on, by any process; returns the unsubscribe. */
  subscribe(handler: (event: DomainEvent) => void): () => void;
  /** Whether the bus can currently deliver (for `/ready`). */
  isHealthy(): boolean;
  close(): Promise<void>;
}
