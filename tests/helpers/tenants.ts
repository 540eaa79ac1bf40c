import type { GraphqlClient } from "./graphql-client";
import { testSecrets } from "./stack";

export interface Platform {
  clientAppId: string;
  platformKey: string;
  /** Calls with the platform key only. */
  api: GraphqlClient;
}

export interface Tenant {
  platform: Platform;
  clientId: string;
  clientKey: string;
  keyId: string;
  /** Calls with both keys. */
  api: GraphqlClient;
}

let counter = 0;

/** A client app created through the API with the operator key, as an operator would. */
export async function createPlatform(http: GraphqlClient, name = `Platform ${++counter}`): Promise<Platform> {
  const { createClientApp } = await http.with({ "x-admin-key": testSecrets.adminKey }).data<{
    createClientApp: { clientApp: { id: string }; apiKey: string };
  }>(`mutation ($name: String!) { createClientApp(input: { name: $name }) { clientApp { id } apiKey } }`, { name });
  return {
    clientAppId: createClientApp.clientApp.id,
    platformKey: createClientApp.apiKey,
    api: http.with({ "x-api-key": createClientApp.apiKey }),
  };
}

/** A tenant registered by its platform, with the key the platform hands it. */
export async function registerTenant(platform: Platform, code = `tenant-${++counter}`): Promise<Tenant> {
  const { registerClient } = await platform.api.data<{
    registerClient: { client: { id: string }; apiKey: string; apiKeyInfo: { id: string } };
  }>(
    `mutation ($input: RegisterClientInput!) {
      registerClient(input: $input) { client { id } apiKey apiKeyInfo { id } }
    }`,
    { input: { name: `Tenant ${code}`, code } },
  );
  return {
    platform,
    clientId: registerClient.client.id,
    clientKey: registerClient.apiKey,
    keyId: registerClient.apiKeyInfo.id,
    api: platform.api.with({ "client-x-api-key": registerClient.apiKey }),
  };
}

/** A platform with one tenant, in one call. */
export async function createTenant(http: GraphqlClient): Promise<Tenant> {
  return registerTenant(await createPlatform(http));
}
