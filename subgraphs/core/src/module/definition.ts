import type { Request, RequestHandler, Router } from "express";
import type { AccessTokens } from "../auth/access-tokens";
import type { SessionCsrf } from "../auth/console-session";
import type { CredentialResolver, PublishableOriginsReader } from "../auth/credentials";
import type { TenantCache } from "../cache/tenant-cache";
import type { Config, RetentionSettings, SubgraphName } from "../config";
import type { SecretBox } from "../crypto/secret-box";
import type { Database } from "../db/database";
import type { ModuleDatabase, ModuleName, ModuleTransaction } from "../db/module-db";
import type { DomainEvent } from "../events/types";
import type { Logger } from "../logger";
import type { SubgraphDefinition } from "../subgraph/definition";
import type { PollingLoop } from "../workers/polling-loop";

/** What every part of a module receives from the process that runs it. */
export interface ModuleDeps {
  config: Config;
  secretBox: SecretBox;
  log: Logger;
}

/**
 * The gateway's limits on callers outside GraphQL (stores' webhook posts), handed to the
 * routes that need them: the buckets are the gateway's, shared by every replica on Redis.
 */
export interface InboundWebhookLimits {
  /** Before verification: refuses (429) an address whose unverified deliveries emptied its bucket. */
  screenCaller: RequestHandler;
  /** Spends one point of the caller address's bucket for a delivery that failed verification. */
  chargeUnverified(req: Request): Promise<void>;
  /** After verification: spends one point of the store connection's bucket; null when admitted. */
  admitStore(connectionId: string): Promise<{ retryAfter: number } | null>;
}

export interface RouteDeps<Name extends SubgraphName = SubgraphName> extends ModuleDeps {
  prisma: ModuleDatabase<Name>;
  webhookLimits: InboundWebhookLimits;
  /** Signs staff apps' access tokens; the gateway verifies them with the same key. */
  accessTokens: AccessTokens;
  /** Derives the admin console session's CSRF token; the gateway checks it with the same secret. */
  sessionCsrf: SessionCsrf;
}

export interface JobDeps<Name extends SubgraphName = SubgraphName> extends ModuleDeps {
  /** For the loops themselves (their locks and schedules, in core's tables). */
  db: Database;
  /** For the module's own work. */
  prisma: ModuleDatabase<Name>;
}

/** Something a process started and must stop (a queue consumer, a periodic job). */
export type BackgroundJob = Pick<PollingLoop, "stop">;

/** Finished rows of one table that the retention job deletes once they are older than their period. */
export interface RetentionRule<Name extends ModuleName = ModuleName> {
  /** How the pass reports the table's count (`syncRuns: 12`). */
  name: string;
  /** The period that applies, from the operator's settings; undefined keeps the rows. */
  period: (settings: RetentionSettings) => number | undefined;
  /** Deletes rows finished before `before`, in batches; returns how many. */
  prune(prisma: ModuleDatabase<Name>, before: Date, batchSize?: number): Promise<number>;
}

/** Counting stops here: a backlog this deep already pages someone, and a bounded count stays cheap. */
export const readingCountCap = 100_000;

/**
 * A figure read from the module's tables when `/metrics` is scraped or a worker logs its
 * backlog: one indexed query. Series are whole rows of labels; an empty list is no series.
 */
export interface DatabaseReading<Name extends ModuleName = ModuleName> {
  /** The Prometheus name, `omnistack_…`. */
  name: string;
  help: string;
  /** A gauge goes up and down; a counter is a running total (rows by status). */
  type: "gauge" | "counter";
  labelNames?: readonly string[];
  read(prisma: ModuleDatabase<Name>): Promise<{ labels?: Record<string, string>; value: number }[]>;
}

/**
 * Work that must exist exactly when its events count as published (outbound deliveries): run
 * in the transaction that marks them, more than once for an event if a dispatcher died after
 * publishing, so it must be idempotent.
 */
export type DurableEventHandler<Name extends ModuleName = ModuleName> = (
  tx: ModuleTransaction<Name>,
  events: readonly DomainEvent[],
) => Promise<void>;

/** What a gateway does with every event it receives from the bus, in memory (caches). */
export type LiveEventHandler = (event: DomainEvent, deps: { cache: TenantCache }) => void;

/**
 * Storefront reads of a module whose whole answers the gateway may cache: the same for every
 * shopper of a tenant (no shopper's own rows), and stale only after the events named here.
 */
export interface StorefrontResponses {
  /** Query root fields answered from this module's data alone (nested fields may reach others'). */
  rootFields?: readonly string[];
  /** Events after which a tenant's cached answers may show this module's data as it was. */
  invalidatedBy(event: DomainEvent): boolean;
}

/**
 * A module as its folder declares it: its GraphQL schema and resolvers, and everything else
 * it runs. The gateway, the worker and a standalone subgraph loop over definitions and name no
 * module; the narrow functions a module offers other modules are its `public.ts`.
 */
export interface ModuleDefinition<
  Loaders = unknown,
  Name extends SubgraphName = SubgraphName,
> extends SubgraphDefinition<Loaders, Name> {
  /** HTTP routes outside GraphQL (store webhooks, OAuth callbacks), mounted by every gateway. */
  routes?(deps: RouteDeps<Name>): Router;
  /** Queue consumers and periodic jobs, started by whichever processes run the workers. */
  jobs?(deps: JobDeps<Name>): BackgroundJob[];
  /** Run in the transaction that marks outbox events published: exactly-once effects of events. */
  durableEventHandlers?: readonly DurableEventHandler<Name>[];
  /** Run by each gateway for every event it receives (dropping cached data it made stale). */
  liveEventHandlers?: readonly LiveEventHandler[];
  /** What of this module the gateway's response cache may hold, and what makes it stale. */
  storefrontResponses?: StorefrontResponses;
  /** Resolves API keys to a caller; exactly one module (the one owning the keys) provides it. */
  credentials?: CredentialResolver;
  /** Every browser origin an active publishable key lists (CORS of `/graphql`); provided with `credentials`. */
  publishableOrigins?: PublishableOriginsReader;
  /** Backlogs and counts of the module's tables that `/metrics` reports. */
  readings?: readonly DatabaseReading<Name>[];
  /** The module's tables the retention job prunes. */
  retention?: readonly RetentionRule<Name>[];
}

/**
 * A definition with its loader type erased, for code that handles every module alike:
 * each module's loaders are private to its own resolvers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnyModuleDefinition = ModuleDefinition<any, any>;
