import type { ApolloServerPlugin } from "@apollo/server";
import { Kind } from "graphql";
import { unauthenticated } from "../../../subgraphs/core/src/errors";
import type { GatewayContext } from "../context";

const introspectionFields = new Set(["__schema", "__type", "__typename"]);

/**
 * A request without any key may introspect (Sandbox, codegen) and nothing else: it is
 * refused before any subgraph sees it.
 */
export const requireCredentialsPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        const { auth } = contextValue;
        if (auth.clientAppId !== null || auth.isAdmin) return;
        const onlyIntrospection =
          operation?.selectionSet.selections.every(
            (selection) => selection.kind === Kind.FIELD && introspectionFields.has(selection.name.value),
          ) ?? false;
        if (!onlyIntrospection) throw unauthenticated().toGraphQLError();
      },
    };
  },
};
