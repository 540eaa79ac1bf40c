/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateOrderInput = {
  customerEmail?: string | null | undefined;
  /** Replaying a key with the same input returns the order it created; with another input it fails with IDEMPOTENCY_KEY_REUSED */
  idempotencyKey?: string | null | undefined;
  items: Array<OrderItemInput>;
  note?: string | null | undefined;
};

/** ISO 4217 currency code */
export type Currency =
  | 'ALL'
  | 'CHF'
  | 'EUR'
  | 'GBP'
  | 'USD';

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

export type SetInventoryInput = {
  locationId: string | number;
  /** The counted quantity on hand */
  onHand: number;
  productId: string | number;
  reason?: string | null | undefined;
};

export type ProductsQueryVariables = Exact<{
  filter?: ProductFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProductsQuery = { products: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sku: string, name: string, status: ProductStatus, available: number, price: { amount: string, currency: Currency } } }> } };

export type ProductQueryVariables = Exact<{
  id: string | number;
}>;


export type ProductQuery = { product: { id: string, sku: string, name: string, description: string | null, status: ProductStatus, available: number, price: { amount: string, currency: Currency }, inventory: Array<{ onHand: number, reserved: number, available: number, location: { id: string, code: string } }> } | null };

export type SetInventoryMutationVariables = Exact<{
  input: SetInventoryInput;
}>;


export type SetInventoryMutation = { setInventory: { onHand: number, reserved: number, available: number } };

export type CreateOrderMutationVariables = Exact<{
  input: CreateOrderInput;
}>;


export type CreateOrderMutation = { createOrder: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } };

export type OrderQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderQuery = { order: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, history: Array<{ from: OrderStatus | null, to: OrderStatus, at: string }>, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } | null };

export type OrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrdersQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> } }> } };

export type OrderSummaryFragment = { id: string, number: number, status: OrderStatus, source: OrderSource, createdAt: string, total: { amount: string, currency: Currency }, items: Array<{ sku: string, quantity: number, unitPrice: { amount: string }, product: { id: string, name: string } }> };

export type StockChangedSubscriptionVariables = Exact<{
  productId?: string | number | null | undefined;
  locationId?: string | number | null | undefined;
}>;


export type StockChangedSubscription = { stockChanged: { onHand: number, reserved: number, available: number, delta: number, reason: string | null, at: string, product: { id: string, sku: string }, location: { id: string } } };

export type OrderUpdatedSubscriptionVariables = Exact<{
  statuses?: Array<OrderStatus> | OrderStatus | null | undefined;
}>;


export type OrderUpdatedSubscription = { orderUpdated: { type: OrderEventType, status: OrderStatus, previousStatus: OrderStatus | null, at: string, order: { id: string, number: number, status: OrderStatus } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { clientApp: { id: string, name: string }, client: { id: string, name: string } | null } };

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
export const OrderSummaryFragmentDoc = new TypedDocumentString(`
    fragment OrderSummary on Order {
  id
  number
  status
  source
  createdAt
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
export const ProductsDocument = new TypedDocumentString(`
    query Products($filter: ProductFilter, $first: Int, $after: String) {
  products(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        sku
        name
        status
        price {
          amount
          currency
        }
        available
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProductsQuery, ProductsQueryVariables>;
export const ProductDocument = new TypedDocumentString(`
    query Product($id: ID!) {
  product(id: $id) {
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
    `) as unknown as TypedDocumentString<ProductQuery, ProductQueryVariables>;
export const SetInventoryDocument = new TypedDocumentString(`
    mutation SetInventory($input: SetInventoryInput!) {
  setInventory(input: $input) {
    onHand
    reserved
    available
  }
}
    `) as unknown as TypedDocumentString<SetInventoryMutation, SetInventoryMutationVariables>;
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
export const OrdersDocument = new TypedDocumentString(`
    query Orders($filter: OrderFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
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