import { gatewayOptions, gatewayUrl, required, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Issued {
  issuePasswordToken: { token: string; expiresAt: string };
}

/** There is no mail server: the admin hands the token to the person, who sets a password with it. */
export const userPasswordToken: Command = {
  name: "user:password-token",
  summary: "issue a single-use token with which a tenant's user sets a password",
  usage: [
    "--app-key <key>        the platform key (x-api-key); default $OMNI_APP_KEY",
    "--client-key <key>     the tenant's admin key (client-x-api-key); default $OMNI_CLIENT_KEY",
    "--user-id <id>         the user who sets a password (a new account, or a reset)",
  ],
  options: {
    ...gatewayOptions,
    "app-key": { type: "string" },
    "client-key": { type: "string" },
    "user-id": { type: "string" },
  },
  async run(values, env) {
    const platformKey = required(values, "app-key", { name: "OMNI_APP_KEY", env });
    const clientKey = required(values, "client-key", { name: "OMNI_CLIENT_KEY", env });
    const userId = required(values, "user-id");
    const url = gatewayUrl(values, env);
    const gateway = new GatewayClient(url, { platformKey, clientKey });
    const { issuePasswordToken: issued } = await gateway.data<Issued>(
      "issue the set-password token",
      `mutation IssuePasswordToken($userId: ID!) { issuePasswordToken(userId: $userId) { token expiresAt } }`,
      { userId },
    );
    const setPasswordUrl = url.replace(/\/graphql$/, "/auth/set-password");
    return {
      json: { userId, token: issued.token, expiresAt: issued.expiresAt, setPasswordUrl },
      text: [
        `Set-password token for user ${userId} (single use, until ${issued.expiresAt}):`,
        `  ${issued.token}`,
        "Hand it to the person; it is shown once. They set their password with:",
        `  curl -s ${setPasswordUrl} -H 'content-type: application/json' \\`,
        `    -d '{"token":"${issued.token}","password":"<12 characters or more>"}'`,
      ],
    };
  },
};
