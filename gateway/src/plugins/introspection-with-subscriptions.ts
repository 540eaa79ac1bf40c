import type { ApolloServerPlugin } from "@apollo/server";
import { execute, Kind, type GraphQLSchema } from "graphql";
import type { GatewayContext } from "../context";

const introspectionFields = new Set(["__schema", "__type", "__typename"]);

/**
 * Introspection answered from the schema that includes the Subscription type, so Apollo
 * Sandbox and code generators see subscriptions; everything else goes to the gateway.
 */
export function introspectionWithSubscriptions(
  schema: () => GraphQLSchema | undefined,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, request, contextValue, response }) {
          const extended = schema();
          if (!extended || !operation || operation.operation !== "query") return null;
          const onlyIntrospection = operation.selectionSet.selections.every(
            (selection) => selection.kind === Kind.FIELD && introspectionFields.has(selection.name.value),
          );
          if (!onlyIntrospection) return null;
          const result = await execute({
            schema: extended,
            document,
            variableValues: request.variables,
            operationName: request.operationName,
            contextValue,
          });
          return { http: response.http, body: { kind: "single", singleResult: result } };
        },
      };
    },
  };
}
