import { ApolloGateway } from "@apollo/gateway";
import { extendSchema, findBreakingChanges, findDangerousChanges, parse, type GraphQLSchema } from "graphql";

/** One side of a comparison: the composed supergraph and the gateway's subscription SDL. */
export interface ServedSchema {
  supergraphSdl: string;
  subscriptionSdl: string;
}

/** What a client could notice: its operations stop validating (breaking) or may behave differently (dangerous). */
export interface SchemaChanges {
  breaking: string[];
  dangerous: string[];
}

/**
 * The public API schema a supergraph serves over HTTP (what clients see: no federation
 * plumbing), built the way @apollo/gateway builds it: the schema /graphql and /api/v1 serve.
 */
export async function supergraphApiSchema(supergraphSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}

/** That API schema with the gateway's own Subscription type (served over graphql-ws). */
export async function apiSchemaOf({ supergraphSdl, subscriptionSdl }: ServedSchema): Promise<GraphQLSchema> {
  return extendSchema(await supergraphApiSchema(supergraphSdl), parse(subscriptionSdl));
}

/**
 * graphql-js's own classification between two API schemas: a removed or retyped field, an
 * argument made required, a removed enum value are breaking; additions are not.
 */
export async function compareServedSchemas(base: ServedSchema, current: ServedSchema): Promise<SchemaChanges> {
  const [before, after] = await Promise.all([apiSchemaOf(base), apiSchemaOf(current)]);
  return {
    breaking: findBreakingChanges(before, after).map((change) => `${change.type}: ${change.description}`),
    dangerous: findDangerousChanges(before, after).map((change) => `${change.type}: ${change.description}`),
  };
}
