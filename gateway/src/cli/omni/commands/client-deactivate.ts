import { gatewayOptions, gatewayUrl, required, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Deactivated {
  deactivateClient: { id: string; name: string; code: string; isActive: boolean };
}

export const clientDeactivate: Command = {
  name: "client:deactivate",
  summary: "deactivate a client: every one of its keys is revoked at once",
  usage: [
    "--app-key <key>        the platform key (x-api-key); default $OMNI_APP_KEY",
    "--client-id <id>       the client to deactivate",
  ],
  options: { ...gatewayOptions, "app-key": { type: "string" }, "client-id": { type: "string" } },
  async run(values, env) {
    const platformKey = required(values, "app-key", { name: "OMNI_APP_KEY", env });
    const clientId = required(values, "client-id");
    const gateway = new GatewayClient(gatewayUrl(values, env), { platformKey });
    const { deactivateClient: client } = await gateway.data<Deactivated>(
      "deactivate the client",
      `mutation DeactivateClient($id: ID!) { deactivateClient(id: $id) { id name code isActive } }`,
      { id: clientId },
    );
    return {
      json: { client },
      text: [
        `Client "${client.name}" (${client.id}) deactivated: its keys are revoked.`,
        "Reactivating it later (reactivateClient) needs a new key: omni client:rotate-key.",
      ],
    };
  },
};
