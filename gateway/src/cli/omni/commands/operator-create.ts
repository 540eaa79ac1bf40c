import { gatewayOptions, gatewayUrl, required, type Command } from "../command";
import { GatewayClient } from "../gateway-client";

interface Created {
  createConsoleAccount: {
    account: { id: string; email: string; name: string; kind: string };
    setPasswordToken: { token: string; expiresAt: string };
  };
}

export const operatorCreate: Command = {
  name: "operator:create",
  summary: "create an operator's admin console account and print its single-use set-password token",
  usage: [
    "--email <email>        the person's email (their sign-in name in the console)",
    "--name <name>          the person's name",
    "--admin-key <key>      operator key (x-admin-key); default $OMNI_ADMIN_KEY",
  ],
  options: {
    ...gatewayOptions,
    email: { type: "string" },
    name: { type: "string" },
    "admin-key": { type: "string" },
  },
  async run(values, env) {
    const email = required(values, "email");
    const name = required(values, "name");
    const adminKey = required(values, "admin-key", { name: "OMNI_ADMIN_KEY", env });
    const gateway = new GatewayClient(gatewayUrl(values, env), { adminKey });
    const { createConsoleAccount: created } = await gateway.data<Created>(
      "create the operator account",
      `mutation CreateOperator($input: CreateConsoleAccountInput!) {
        createConsoleAccount(input: $input) {
          account { id email name kind }
          setPasswordToken { token expiresAt }
        }
      }`,
      { input: { email, name, kind: "OPERATOR" } },
    );
    const setPasswordUrl = gatewayUrl(values, env).replace(/\/graphql$/, "/auth/set-password");
    return {
      json: { account: created.account, setPasswordToken: created.setPasswordToken },
      text: [
        `Operator account ${created.account.email} created`,
        `  id:                  ${created.account.id}`,
        `  set-password token:  ${created.setPasswordToken.token}  (single use, until ${created.setPasswordToken.expiresAt})`,
        "The token is shown once: hand it to the person, who sets a password with",
        `  curl -s ${setPasswordUrl} -H 'content-type: application/json' -d '{"token":"<token>","password":"<12 to 256 characters>"}'`,
        "and then signs in to the console (POST /auth/session).",
      ],
    };
  },
};
