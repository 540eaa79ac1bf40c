import { gatewayOptions, gatewayUrl, optional, required, usageError, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Rotated {
  rotateClientApiKey: { apiKey: string; info: { id: string; prefix: string; scopes: string[] } };
}

const defaultGraceSeconds = 86_400;

export const clientRotateKey: Command = {
  name: "client:rotate-key",
  summary: "issue a new client key; the current one keeps working for a grace period",
  usage: [
    "--app-key <key>        the platform key (x-api-key); default $OMNI_APP_KEY",
    "--client-id <id>       the client whose key to rotate",
    `--grace-period <s>     seconds the old key stays valid (default ${defaultGraceSeconds}; 0 = at once)`,
  ],
  options: {
    ...gatewayOptions,
    "app-key": { type: "string" },
    "client-id": { type: "string" },
    "grace-period": { type: "string" },
  },
  async run(values, env) {
    const platformKey = required(values, "app-key", { name: "OMNI_APP_KEY", env });
    const clientId = required(values, "client-id");
    const graceText = optional(values, "grace-period");
    const gracePeriodSeconds = graceText === undefined ? defaultGraceSeconds : Number(graceText);
    if (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0) {
      throw usageError(`--grace-period must be a whole number of seconds, got "${graceText}"`);
    }
    const gateway = new GatewayClient(gatewayUrl(values, env), { platformKey });
    const { rotateClientApiKey: rotated } = await gateway.data<Rotated>(
      "rotate the client key",
      `mutation RotateClientApiKey($clientId: ID!, $gracePeriodSeconds: Int!) {
        rotateClientApiKey(clientId: $clientId, gracePeriodSeconds: $gracePeriodSeconds) {
          apiKey
          info { id prefix scopes: grantedScopes }
        }
      }`,
      { clientId, gracePeriodSeconds },
    );
    const oldKeysUntil = new Date(Date.now() + gracePeriodSeconds * 1000).toISOString();
    return {
      json: { clientId, clientApiKey: rotated.apiKey, apiKeyInfo: rotated.info, previousKeysValidUntil: oldKeysUntil },
      text: [
        `New key issued for client ${clientId}`,
        `  client-x-api-key:   ${rotated.apiKey}`,
        gracePeriodSeconds === 0
          ? "The previous key no longer works."
          : `The previous key keeps working until ${oldKeysUntil}.`,
        "The key is shown once: store it now (it is kept only as a hash).",
      ],
    };
  },
};
