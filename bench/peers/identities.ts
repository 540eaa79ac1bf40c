import type { IncomingHttpHeaders } from "node:http";
import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import { anonymous } from "../../subgraphs/core/src/auth/context";
import { signContext } from "../../subgraphs/core/src/auth/signed-context";

/**
 * The minimal header hook peers (c) and (d) need to reach our subgraphs: the subgraphs
 * trust only a context signed with the internal secret, so these peers map the request's
 * two API keys to the AuthContext the data set generator recorded for them (no database
 * lookup, no revocation, no rate limit, no query limits) and sign it. Unknown keys go out
 * as anonymous, which the subgraphs refuse like our gateway would.
 */
export interface KnownIdentity {
  platformKey: string;
  clientKey: string;
  auth: AuthContext;
}

export function contextSigner(
  secret: string,
  identities: KnownIdentity[],
): (headers: IncomingHttpHeaders | Headers) => string {
  const byKeys = new Map(
    identities.map((identity) => [`${identity.platformKey}\n${identity.clientKey}`, identity.auth]),
  );
  let sequence = 0;
  return (headers) => {
    // Hive's requests carry @whatwg-node's Headers, not the global class: test for `get`.
    const read = (name: string) =>
      (typeof headers.get === "function" ? (headers as Headers).get(name) : (headers as IncomingHttpHeaders)[name]) ??
      "";
    const auth = byKeys.get(`${String(read("x-api-key"))}\n${String(read("client-x-api-key"))}`) ?? anonymous;
    return signContext(secret, auth, `bench-${++sequence}`);
  };
}

/** The peers' settings, from the environment the harness starts them with. */
export function peerEnv(): {
  port: number;
  secret: string;
  identities: KnownIdentity[];
  subgraphUrls: Record<string, string>;
} {
  const required = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  return {
    port: Number(required("PORT")),
    secret: required("OMNI_INTERNAL_SECRET"),
    identities: JSON.parse(required("BENCH_IDENTITIES")) as KnownIdentity[],
    subgraphUrls: JSON.parse(required("BENCH_SUBGRAPH_URLS")) as Record<string, string>,
  };
}

/** The committed supergraph with each subgraph's URL replaced by where it runs now. */
export function supergraphFor(sdl: string, subgraphUrls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (match, name: string) => {
    const url = subgraphUrls[name];
    if (!url) throw new Error(`No URL for subgraph ${name}`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}
