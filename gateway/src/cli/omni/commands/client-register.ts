import { gatewayOptions, gatewayUrl, optional, required, usageError, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Registered {
  registerClient: {
    client: { id: string; name: string; code: string; externalId: string | null; email: string | null };
    apiKey: string;
    apiKeyInfo: { id: string; prefix: string; scopes: string[] };
  };
}

/** The gateway's rule for client codes: letters, digits, '_', '.', '-'. */
function codeFromName(name: string): string {
  const code = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!code) throw usageError(`Cannot derive a client code from the name "${name}": pass --code`);
  return code;
}

export const clientRegister: Command = {
  name: "client:register",
  summary: "register a tenant (client) of a platform and print its id and client key",
  usage: [
    "--app-key <key>        the platform key (x-api-key); default $OMNI_APP_KEY",
    "--name <name>          the client's name",
    "--email <email>        the client's contact address",
    "--code <code>          unique code within the platform; default derived from the name",
    "--gateway-id <id>      the client's id in your platform, stored as its externalId",
  ],
  options: {
    ...gatewayOptions,
    "app-key": { type: "string" },
    name: { type: "string" },
    email: { type: "string" },
    code: { type: "string" },
    "gateway-id": { type: "string" },
  },
  async run(values, env) {
    const platformKey = required(values, "app-key", { name: "OMNI_APP_KEY", env });
    const name = required(values, "name");
    const email = required(values, "email");
    const input = {
      name,
      email,
      code: optional(values, "code") ?? codeFromName(name),
      externalId: optional(values, "gateway-id") ?? null,
    };
    const gateway = new GatewayClient(gatewayUrl(values, env), { platformKey });
    const { registerClient: registered } = await gateway.data<Registered>(
      "register the client",
      `mutation RegisterClient($input: RegisterClientInput!) {
        registerClient(input: $input) {
          client { id name code externalId email }
          apiKey
          apiKeyInfo { id prefix scopes: grantedScopes }
        }
      }`,
      { input },
    );
    const { client } = registered;
    return {
      json: { client, clientApiKey: registered.apiKey, apiKeyInfo: registered.apiKeyInfo },
      text: [
        `Client "${client.name}" registered (code ${client.code}${client.externalId ? `, externalId ${client.externalId}` : ""})`,
        `  client id:          ${client.id}`,
        `  client-x-api-key:   ${registered.apiKey}`,
        "The key is shown once: store it now (it is kept only as a hash).",
      ],
    };
  },
};
