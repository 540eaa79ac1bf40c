import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * An operationName the document does not define, or several operations and no name:
 * @apollo/gateway would throw while planning and Apollo Server answer 500. It is the
 * caller's mistake, so it gets Apollo's own code for it and a 400 before any planning.
 */
export const operationResolutionGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message =
          typeof request.operationName === "string"
            ? `Unknown operation named "${request.operationName.slice(0, 100)}"`
            : "Must provide operation name if query contains multiple operations";
        throw new GraphQLError(message, {
          extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } },
        });
      },
    };
  },
};
