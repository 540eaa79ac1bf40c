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

/** GraphQL names of key scopes (`ApiKeyScope`); a key issued without any is ADMIN. */
export type KeyScope = "ADMIN" | "STOREFRONT";

/** A tenant registered by its platform, with the key the platform hands it (scoped as asked). */
export async function registerTenant(
  platform: Platform,
  code = `tenant-${++counter}`,
  scopes?: KeyScope[],
): Promise<Tenant> {
  const { registerClient } = await platform.api.data<{
    registerClient: { client: { id: string }; apiKey: string; apiKeyInfo: { id: string } };
  }>(
    `mutation ($input: RegisterClientInput!) {
      registerClient(input: $input) { client { id } apiKey apiKeyInfo { id } }
    }`,
    { input: { name: `Tenant ${code}`, code, ...(scopes && { scopes }) } },
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

/**
 * Another key of the same tenant with these scopes, issued by its platform. The tenant's other
 * keys keep working: rotation expires only keys with the same scopes, after the default grace period.
 */
export async function issueTenantKey(tenant: Tenant, scopes: KeyScope[]): Promise<Tenant> {
  const { rotateClientApiKey } = await tenant.platform.api.data<{
    rotateClientApiKey: { apiKey: string; info: { id: string } };
  }>(
    `mutation ($clientId: ID!, $scopes: [ApiKeyScope!]) {
      rotateClientApiKey(clientId: $clientId, scopes: $scopes) { apiKey info { id } }
    }`,
    { clientId: tenant.clientId, scopes },
  );
  return {
    ...tenant,
    clientKey: rotateClientApiKey.apiKey,
    keyId: rotateClientApiKey.info.id,
    api: tenant.platform.api.with({ "client-x-api-key": rotateClientApiKey.apiKey }),
  };
}
