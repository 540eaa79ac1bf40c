import type { ApolloServerPlugin } from "@apollo/server";
import type { OutboxSignal } from "../../../subgraphs/core/src/events/outbox-signal";
import type { GatewayContext } from "../context";

/**
 * Once a mutation's answer is ready its transactions have committed: tells this process's
 * outbox dispatcher, so subscribers and webhooks get the events now rather than at its next
 * poll (`npm start` runs both in one process; elsewhere the dispatcher polls as before).
 * Only mutations that began executing: one refused before (unparsable, invalid, over a
 * limit, rate limited) committed nothing and would only send the dispatcher looking.
 */
export function outboxWakePlugin(outbox: OutboxSignal): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let mutationRan = false;
      return {
        async executionDidStart({ operation }) {
          mutationRan = operation.operation === "mutation";
        },
        async willSendResponse() {
          if (mutationRan) outbox.committed();
        },
      };
    },
  };
}
