import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { AppError } from "../../../subgraphs/core/src/errors";
import { isClusterMessage } from "../cluster-message";

/**
 * `/metrics` of a gateway run as OMNI_GATEWAY_PROCESSES workers: a scrape reaches whichever
 * worker took the connection, so that worker asks the primary, which collects every worker's
 * registry with prom-client's AggregatorRegistry and replies with the aggregate. Counters and
 * histograms are summed; a metric that declares another `aggregator` (the database gauges,
 * which every worker reads from the same rows) is combined as it declares.
 */

const requestKind = "omnistack:metrics-request";
const replyKind = "omnistack:metrics-reply";

/**
 * A worker waits this long for the aggregate, then its scrape answers 503. The primary's
 * collection waits for every worker, so a stuck worker, or one still starting, fails the scrape
 * rather than leaving its counters out of the sum unnoticed.
 */
const replyTimeoutMs = 3_000;

/** What a worker sends the primary when `/metrics` is scraped. */
interface MetricsRequest {
  kind: typeof requestKind;
  id: number;
}

/** The primary's answer: the exposition text over all workers, or why there is none. */
type MetricsReply = { kind: typeof replyKind; id: number } & ({ text: string } | { error: string });

/** In the primary: answers every worker's metrics request with the aggregate over all workers. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker: Worker, message: unknown) => {
    if (!isClusterMessage<MetricsRequest>(message, requestKind, "id", "number")) return;
    const { id } = message;
    aggregator.clusterMetrics().then(
      (text) => reply(worker, { kind: replyKind, id, text }),
      (error: Error) => reply(worker, { kind: replyKind, id, error: error.message }),
    );
  });
}

/**
 * In a worker: offers `registry` to the primary's collections, and returns how this worker's
 * own `/metrics` obtains the aggregate. Rejects with SERVICE_UNAVAILABLE when none comes.
 */
export function joinClusterMetrics(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries(registry);
  // Constructing one is what makes prom-client answer the primary's collections in this process.
  new AggregatorRegistry();

  const waiting = new Map<number, (reply: MetricsReply) => void>();
  let lastId = 0;
  process.on("message", (message: unknown) => {
    if (isClusterMessage<MetricsReply>(message, replyKind, "id", "number")) waiting.get(message.id)?.(message);
  });

  return () =>
    new Promise<string>((resolve, reject) => {
      const id = ++lastId;
      const settle = (reply: MetricsReply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if ("text" in reply) resolve(reply.text);
        else reject(new AppError("SERVICE_UNAVAILABLE", `metrics of all gateway workers unavailable: ${reply.error}`));
      };
      const fail = (error: string) => settle({ kind: replyKind, id, error });
      const timer = setTimeout(() => fail(`no aggregate from the primary within ${replyTimeoutMs} ms`), replyTimeoutMs);
      waiting.set(id, settle);
      const request: MetricsRequest = { kind: requestKind, id };
      process.send?.(request, undefined, undefined, (error: Error | null) => {
        if (error) fail(error.message);
      });
    });
}

/** The asking worker may have died while the others were collected. */
function reply(worker: Worker, message: MetricsReply): void {
  if (worker.isConnected()) worker.send(message);
}
