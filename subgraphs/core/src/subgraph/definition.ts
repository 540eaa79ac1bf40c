import type { NonEmptyArray } from "type-graphql";
import type { AuthContext } from "../auth/context";
import type { TenantCache } from "../cache/tenant-cache";
import type { Config, SubgraphName } from "../config";
import type { SecretBox } from "../crypto/secret-box";
import type { ModuleDatabase } from "../db/module-db";
import type { Logger } from "../logger";

/** What every resolver of a subgraph receives as its context; `prisma` sees the module's own models. */
export interface SubgraphContext<Loaders = unknown, Name extends SubgraphName = never> {
  auth: AuthContext;
  requestId: string;
  prisma: ModuleDatabase<Name>;
  log: Logger;
  loaders: Loaders;
  config: Config;
  /** Seals and opens secrets stored in the database (store credentials). */
  secretBox: SecretBox;
  /** Read-through cache of published data, per tenant; whoever changes cached data invalidates it. */
  cache: TenantCache;
}

export type ReferenceResolver<Loaders, Name extends SubgraphName> = (
  reference: { id: string } & Record<string, unknown>,
  context: SubgraphContext<Loaders, Name>,
) => unknown;

/** A subgraph as its folder declares it; `core/subgraph` turns it into a schema and a server. */
export interface SubgraphDefinition<Loaders = unknown, Name extends SubgraphName = SubgraphName> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type for resolver classes
  resolvers: NonEmptyArray<Function>;
  /** Entity types (by GraphQL name) this subgraph can resolve from a `@key` reference. */
  referenceResolvers?: Record<string, ReferenceResolver<Loaders, Name>>;
  /** Per-request DataLoaders, created once per subgraph request. */
  createLoaders(prisma: ModuleDatabase<Name>, auth: AuthContext, cache: TenantCache): Loaders;
}

/**
 * A definition with its loader type erased, for code that handles every subgraph alike:
 * each subgraph's loaders are private to its own resolvers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnySubgraphDefinition = SubgraphDefinition<any, any>;
