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
 * The public API schema a supergraph serves (what clients see: no federation plumbing),
 * with the gateway's own Subscription type, built the way @apollo/gateway builds it.
 */
export async function apiSchemaOf({ supergraphSdl, subscriptionSdl }: ServedSchema): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl });
  try {
    const { schema } = await gateway.load();
    return extendSchema(schema, parse(subscriptionSdl));
  } finally {
    await gateway.stop();
  }
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
