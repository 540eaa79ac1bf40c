/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateLocationInput = {
  /** Unique per client: letters, digits, '_', '.', '-' */
  code: string;
  name: string;
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

/** ISO 4217 currency code */
export type Currency =
  | 'ALL'
  | 'CHF'
  | 'EUR'
  | 'GBP'
  | 'USD';

/** PENDING→PROCESSING→COMPLETED→REFUNDED; PENDING|PROCESSING→CANCELLED */
export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PENDING'
  | 'PROCESSING'
  | 'REFUNDED';

/** DRAFT→PUBLISHED→ARCHIVED→DRAFT, and PUBLISHED→DRAFT */
export type ProductStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED';

export type CreateProductMutationVariables = Exact<{
  input: CreateProductInput;
}>;


export type CreateProductMutation = { createProduct: { id: string, sku: string, status: ProductStatus } };

export type PublishProductMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishProductMutation = { publishProduct: { id: string, status: ProductStatus, publishedAt: string | null } };

export type CreateLocationMutationVariables = Exact<{
  input: CreateLocationInput;
}>;


export type CreateLocationMutation = { createLocation: { id: string, code: string } };

export type CancelOrderMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type CancelOrderMutation = { cancelOrder: { id: string, status: OrderStatus } };

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

export const CreateProductDocument = new TypedDocumentString(`
    mutation CreateProduct($input: CreateProductInput!) {
  createProduct(input: $input) {
    id
    sku
    status
  }
}
    `) as unknown as TypedDocumentString<CreateProductMutation, CreateProductMutationVariables>;
export const PublishProductDocument = new TypedDocumentString(`
    mutation PublishProduct($id: ID!) {
  publishProduct(id: $id) {
    id
    status
    publishedAt
  }
}
    `) as unknown as TypedDocumentString<PublishProductMutation, PublishProductMutationVariables>;
export const CreateLocationDocument = new TypedDocumentString(`
    mutation CreateLocation($input: CreateLocationInput!) {
  createLocation(input: $input) {
    id
    code
  }
}
    `) as unknown as TypedDocumentString<CreateLocationMutation, CreateLocationMutationVariables>;
export const CancelOrderDocument = new TypedDocumentString(`
    mutation CancelOrder($id: ID!, $reason: String) {
  cancelOrder(id: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelOrderMutation, CancelOrderMutationVariables>;