import { gatewayOptions, gatewayUrl, required, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Created {
  createClientApp: {
    clientApp: { id: string; name: string; isActive: boolean; createdAt: string };
    apiKey: string;
    apiKeyInfo: { id: string; prefix: string };
  };
}

export const appCreate: Command = {
  name: "app:create",
  summary: "create a platform (client app) and print its platform key (x-api-key)",
  usage: [
    "--name <name>          the platform's name",
    "--admin-key <key>      operator key (x-admin-key); default $OMNI_ADMIN_KEY",
  ],
  options: { ...gatewayOptions, name: { type: "string" }, "admin-key": { type: "string" } },
  async run(values, env) {
    const name = required(values, "name");
    const adminKey = required(values, "admin-key", { name: "OMNI_ADMIN_KEY", env });
    const gateway = new GatewayClient(gatewayUrl(values, env), { adminKey });
    const { createClientApp: created } = await gateway.data<Created>(
      "create the client app",
      `mutation CreateClientApp($input: CreateClientAppInput!) {
        createClientApp(input: $input) {
          clientApp { id name isActive createdAt }
          apiKey
          apiKeyInfo { id prefix }
        }
      }`,
      { input: { name } },
    );
    return {
      json: { clientApp: created.clientApp, platformApiKey: created.apiKey, apiKeyId: created.apiKeyInfo.id },
      text: [
        `Client app "${created.clientApp.name}" created`,
        `  id:         ${created.clientApp.id}`,
        `  x-api-key:  ${created.apiKey}`,
        "The key is shown once: store it now (it is kept only as a hash).",
      ],
    };
  },
};
