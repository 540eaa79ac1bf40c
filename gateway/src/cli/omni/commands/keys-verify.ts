import { isWellFormedApiKey, type ApiKeyKind } from "../../../../../subgraphs/core/src/auth/api-key-format";
import { CliError, exitCodes, gatewayOptions, gatewayUrl, optional, required, type Command } from "../command";
import { GatewayClient, type GatewayAnswer } from "../gateway-client";

/**
 * Why the gateway refuses a pair of keys. The gateway itself answers every bad key with
 * the same UNAUTHENTICATED on purpose (never telling a caller which key was wrong); the
 * platform that owns the keys may learn more, so this asks the gateway again with the
 * platform key alone and looks the client key up among the platform's own clients' keys.
 */
export type VerifyReason =
  | "accepted"
  | "malformed_platform_key"
  | "malformed_client_key"
  | "platform_key_rejected"
  | "app_inactive"
  | "client_key_unknown"
  | "client_key_revoked"
  | "client_key_expired"
  | "client_deactivated"
  | "other_platform";

interface Viewer {
  clientApp: { id: string; name: string; isActive: boolean };
  client: { id: string; name: string; isActive: boolean } | null;
}

interface KeyInfo {
  id: string;
  prefix: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

interface ClientRow {
  id: string;
  name: string;
  isActive: boolean;
}

export interface Verdict {
  accepted: boolean;
  reason: VerifyReason;
  message: string;
  clientApp?: Viewer["clientApp"];
  client?: ClientRow | null;
  clientKey?: KeyInfo;
}

const meQuery = "query VerifyKeys { me { clientApp { id name isActive } client { id name isActive } } }";

/** Same length as the gateway's displayed prefix (`sk_` + 8 hex): enough to find the key, never the secret. */
const displayPrefixLength = 11;

/** Aliased `apiKeys` fields per request, under the gateway's default alias limit (15). */
const keyLookupBatch = 10;

export const keysVerify: Command = {
  name: "keys:verify",
  summary: "check whether the gateway accepts a platform key and a client key, and why not",
  usage: [
    "--platform-key <key>   the platform key (x-api-key, pk_…)",
    "--client-key <key>     the client key (client-x-api-key, sk_…); omit to check the platform key alone",
    "Exits 0 when the gateway accepts the keys, 1 when it refuses them (the reason is printed).",
  ],
  options: { ...gatewayOptions, "platform-key": { type: "string" }, "client-key": { type: "string" } },
  async run(values, env) {
    const platformKey = required(values, "platform-key");
    const clientKey = optional(values, "client-key");
    const verdict = await verifyKeys(new GatewayClient(gatewayUrl(values, env), {}), platformKey, clientKey);
    return {
      json: verdict,
      text: describe(verdict),
      exitCode: verdict.accepted ? exitCodes.ok : exitCodes.refused,
    };
  },
};

export async function verifyKeys(gateway: GatewayClient, platformKey: string, clientKey?: string): Promise<Verdict> {
  const malformed = malformedKey(platformKey, "PLATFORM") ?? (clientKey && malformedKey(clientKey, "CLIENT"));
  if (malformed) return malformed;

  const both = await gateway.with({ platformKey, clientKey }).request<{ me: Viewer }>(meQuery);
  if (both.data?.me) {
    const { clientApp, client } = both.data.me;
    return {
      accepted: true,
      reason: "accepted",
      message: client
        ? `The gateway accepts these keys: client "${client.name}" of platform "${clientApp.name}"`
        : `The gateway accepts this platform key: platform "${clientApp.name}"`,
      clientApp,
      client,
    };
  }
  const refusal = refusalCode(both);

  const alone = clientKey ? await gateway.with({ platformKey }).request<{ me: Viewer }>(meQuery) : both;
  const aloneRefusal = alone.data?.me ? undefined : refusalCode(alone);
  if (aloneRefusal === "UNAUTHENTICATED") {
    return refused(
      "platform_key_rejected",
      "The gateway does not accept the platform key: no platform has it, or it was revoked or has expired",
    );
  }
  if (aloneRefusal === "FORBIDDEN") return refused("app_inactive", "The platform (client app) is inactive");
  const clientApp = alone.data!.me.clientApp;
  // Only a client key gets here: with the platform key alone accepted, it is the one refused.
  const found = await findClientKey(gateway.with({ platformKey }), clientKey!);
  const context = { clientApp, client: found?.client, clientKey: found?.key };

  if (refusal === "FORBIDDEN") {
    if (!found) {
      return refused("other_platform", "The client key is valid but belongs to a client of another platform", context);
    }
    return refused("client_deactivated", `Client "${found.client.name}" (${found.client.id}) is deactivated`, context);
  }
  if (!found) {
    return refused(
      "client_key_unknown",
      `No client of platform "${clientApp.name}" has this client key: it was never issued, or it belongs to another platform`,
      context,
    );
  }
  const { client, key } = found;
  if (key.revokedAt) {
    return client.isActive
      ? refused("client_key_revoked", `The client key was revoked at ${key.revokedAt}`, context)
      : refused(
          "client_deactivated",
          `Client "${client.name}" (${client.id}) is deactivated: its keys were revoked at ${key.revokedAt}`,
          context,
        );
  }
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) {
    return refused(
      "client_key_expired",
      `The client key expired at ${key.expiresAt}: it was rotated and its grace period is over`,
      context,
    );
  }
  return refused(
    "client_key_unknown",
    `The client key starts like key ${key.id} of client "${client.name}" but is not that key`,
    context,
  );
}

function refused(reason: VerifyReason, message: string, context: Partial<Verdict> = {}): Verdict {
  return { accepted: false, reason, message, ...context };
}

/** Checked here as the gateway does, so a typo is named without a request. */
function malformedKey(key: string, kind: ApiKeyKind): Verdict | undefined {
  if (isWellFormedApiKey(key, kind)) return undefined;
  const [reason, label, prefix, other] =
    kind === "PLATFORM"
      ? (["malformed_platform_key", "platform key", "pk_", "CLIENT"] as const)
      : (["malformed_client_key", "client key", "sk_", "PLATFORM"] as const);
  const why = isWellFormedApiKey(key, other)
    ? `it is a ${kind === "PLATFORM" ? "client" : "platform"} key: are the two keys swapped?`
    : !new RegExp(`^${prefix}[0-9a-f]{64}$`).test(key)
      ? `a ${label} is "${prefix}" followed by 64 lower-case hex characters (this one has ${key.length} characters)`
      : "its checksum (last 8 hex) does not match: it was mistyped or truncated";
  return refused(reason, `The ${label} is malformed: ${why}`);
}

/** UNAUTHENTICATED and FORBIDDEN are verdicts; anything else (rate limit, outage) is an error. */
function refusalCode(answer: GatewayAnswer<unknown>): "UNAUTHENTICATED" | "FORBIDDEN" {
  const error = answer.errors?.[0];
  const code = error?.extensions?.code;
  if (code === "UNAUTHENTICATED" || code === "FORBIDDEN") return code;
  throw new CliError(
    exitCodes.refused,
    `The gateway could not check the keys: ${code ?? `HTTP ${answer.status}`}: ${error?.message ?? "no data"}`,
    String(code ?? `HTTP_${answer.status}`),
  );
}

/** Looks through the platform's clients (active or not) for the key with this key's prefix. */
async function findClientKey(
  platform: GatewayClient,
  clientKey: string,
): Promise<{ client: ClientRow; key: KeyInfo } | undefined> {
  const prefix = clientKey.slice(0, displayPrefixLength);
  let after: string | null = null;
  do {
    type Page = {
      clients: { edges: { node: ClientRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
    const page: Page = await platform.data<Page>(
      "list the platform's clients",
      `query VerifyClients($after: String) {
        clients(first: 100, after: $after) {
          edges { node { id name isActive } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { after },
    );
    const clients = page.clients.edges.map((edge) => edge.node);
    for (let start = 0; start < clients.length; start += keyLookupBatch) {
      const batch = clients.slice(start, start + keyLookupBatch);
      const keys = await platform.data<Record<string, KeyInfo[]>>(
        "list the client keys",
        `query VerifyClientKeys(${batch.map((_, i) => `$c${i}: ID!`).join(", ")}) {
          ${batch.map((_, i) => `k${i}: apiKeys(clientId: $c${i}) { id prefix revokedAt expiresAt }`).join("\n")}
        }`,
        Object.fromEntries(batch.map((client, i) => [`c${i}`, client.id])),
      );
      for (const [i, client] of batch.entries()) {
        const key = keys[`k${i}`]?.find((candidate) => candidate.prefix === prefix);
        if (key) return { client, key };
      }
    }
    after = page.clients.pageInfo.hasNextPage ? page.clients.pageInfo.endCursor : null;
  } while (after);
  return undefined;
}

function describe(verdict: Verdict): string[] {
  if (verdict.accepted) {
    return [
      `Accepted. ${verdict.message}.`,
      ...(verdict.clientApp ? [`  platform:  ${verdict.clientApp.name} (${verdict.clientApp.id})`] : []),
      ...(verdict.client ? [`  client:    ${verdict.client.name} (${verdict.client.id})`] : []),
    ];
  }
  return [`Refused (${verdict.reason}). ${verdict.message}.`];
}
