import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../../../subgraphs/core/src/db/database";
import type { EventBus } from "../../../subgraphs/core/src/events/types";
import { isGatewayWorker } from "../cluster";
import { joinClusterMetrics } from "./cluster-metrics";
import { databaseGauges } from "./database-gauges";

/** Operation names are chosen by clients: past this many distinct ones, new names count as "other". */
const maxOperationLabels = 200;
const operationNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface OperationSample {
  /** The client's operation name, or undefined for an anonymous or unparseable operation. */
  name: string | undefined;
  type: string;
  durationSeconds: number;
  errorCodes: string[];
}

/**
 * The gateway's Prometheus metrics, in a registry of its own so several gateways in one
 * process (tests) never share or clash. Database-derived gauges are read at scrape time. In a
 * gateway worker (OMNI_GATEWAY_PROCESSES > 1) a scrape answers for all workers together.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly scrape: () => Promise<string>;

  private readonly operations = new Counter({
    name: "omnistack_graphql_operations_total",
    help: "GraphQL operations served over HTTP, by operation name, type and result",
    labelNames: ["operation", "type", "result"] as const,
    registers: [this.registry],
  });

  private readonly operationDuration = new Histogram({
    name: "omnistack_graphql_operation_duration_seconds",
    help: "Time from receiving a GraphQL operation to sending its response, by operation name",
    labelNames: ["operation"] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: "omnistack_graphql_errors_total",
    help: "GraphQL errors returned to clients, by extensions.code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  private readonly subgraphDuration = new Histogram({
    name: "omnistack_subgraph_fetch_duration_seconds",
    help: "Time the gateway waited for a subgraph fetch, by subgraph and result",
    labelNames: ["subgraph", "result"] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  private readonly responseCache = new Counter({
    name: "omnistack_response_cache_lookups_total",
    help: "Response cache lookups of storefront queries, by result (hit: answered from the cache)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  constructor(db: Database) {
    collectDefaultMetrics({ register: this.registry });
    databaseGauges(this.registry, db);
    this.scrape = isGatewayWorker() ? joinClusterMetrics(this.registry) : () => this.registry.metrics();
  }

  /** Whether events reach other replicas now (Redis); while 0 they wait in the outbox. */
  trackEventBus(bus: EventBus): void {
    new Gauge({
      name: "omnistack_event_bus_up",
      help: "1 while the event bus (Redis pub/sub, or in memory) can deliver events, else 0",
      registers: [this.registry],
      // Across a cluster's workers: down when any one of them has lost it.
      aggregator: "min",
      collect() {
        this.set(bus.isHealthy() ? 1 : 0);
      },
    });
  }

  /** The WebSocket server starts after the GraphQL server, so it is counted from then on. */
  trackWebSockets(openConnections: () => number): void {
    new Gauge({
      name: "omnistack_websocket_connections",
      help: "Open, authenticated graphql-ws connections on this gateway",
      registers: [this.registry],
      collect() {
        this.set(openConnections());
      },
    });
  }

  observeOperation(sample: OperationSample): void {
    const operation = this.operationLabel(sample.name);
    const result = sample.errorCodes.length > 0 ? "error" : "success";
    this.operations.inc({ operation, type: sample.type, result });
    this.operationDuration.observe({ operation }, sample.durationSeconds);
    this.countErrors(sample.errorCodes);
  }

  /** Errors raised outside an operation's execution (a refused key while building the context). */
  countErrors(codes: readonly string[]): void {
    for (const code of codes) this.errors.inc({ code });
  }

  countResponseCache(result: "hit" | "miss"): void {
    this.responseCache.inc({ result });
  }

  observeSubgraphFetch(subgraph: string, durationSeconds: number, failed: boolean): void {
    this.subgraphDuration.observe({ subgraph, result: failed ? "error" : "success" }, durationSeconds);
  }

  /**
   * The exposition text, with the database gauges freshly sampled; a database that is down fails
   * no scrape. In a worker, rejects with SERVICE_UNAVAILABLE when the aggregate does not come.
   */
  render(): Promise<string> {
    return this.scrape();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private operationLabel(name: string | undefined): string {
    if (!name || !operationNamePattern.test(name)) return name ? "invalid_name" : "anonymous";
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= maxOperationLabels) return "other";
    this.operationNames.add(name);
    return name;
  }
}
