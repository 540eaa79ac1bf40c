import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../../subgraphs/core/src/logger";
import { isClusterMessage } from "./cluster-message";
import { serveClusterMetrics } from "./observability/cluster-metrics";

/**
 * `npm start` with OMNI_GATEWAY_PROCESSES > 1: the primary process forks that many gateway
 * workers. Each runs its own HTTP and WebSocket server on the same port; node:cluster keeps
 * the one listening socket in the primary and hands each new connection to the next worker.
 * The primary serves no request itself.
 */

/** What a worker sends the primary once its server listens. */
interface ReadyMessage {
  kind: typeof readyKind;
  url: string;
}

const readyKind = "omnistack:gateway-ready";

/** A worker crashing as it starts (database down, bad file) is re-forked at this pace, not in a tight loop. */
const restartDelayMs = 1_000;

export interface GatewayWorkers {
  /** Where the workers serve `/graphql`: one address for all of them. */
  url: string;
  /** Sends `signal` to every worker and resolves once all drained and exited; rejects when one failed to. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Whether this process is a gateway worker forked by `startGatewayWorkers`. */
export function isGatewayWorker(): boolean {
  return cluster.isWorker;
}

/** Tells the primary this worker serves `url`. */
export function reportWorkerReady(url: string): void {
  const message: ReadyMessage = { kind: readyKind, url };
  process.send?.(message);
}

/**
 * Forks `count` workers and resolves once every one reported ready; rejects when one exits
 * before (its own error is already on stderr, which workers share with the primary). Later, a
 * worker that exits while the primary is not stopping is logged and replaced.
 */
export function startGatewayWorkers(count: number, log: Logger): Promise<GatewayWorkers> {
  return new Promise((resolve, reject) => {
    let starting = true;
    let stopping = false;
    const ready = new WeakSet<Worker>();
    let readyCount = 0;
    const workers: GatewayWorkers = {
      url: "",
      async stop(signal) {
        stopping = true;
        const running = Object.values(cluster.workers ?? {}).filter(
          (worker): worker is Worker => worker !== undefined && !worker.isDead(),
        );
        // A replacement still starting has served nothing: the signal ending it is no failure.
        const failures = running.map(
          (worker) =>
            new Promise<string | undefined>((resolveExit) =>
              worker.once("exit", (code: number | null, exitSignal: string | null) =>
                resolveExit(
                  code === 0 || !ready.has(worker) ? undefined : `${worker.process.pid} (${code ?? exitSignal})`,
                ),
              ),
            ),
        );
        for (const worker of running) worker.process.kill(signal);
        const failed = (await Promise.all(failures)).filter(Boolean);
        if (failed.length > 0) throw new Error(`gateway workers did not stop cleanly: ${failed.join(", ")}`);
      },
    };

    const fork = () => {
      const worker = cluster.fork();
      worker.on("message", (message: unknown) => {
        if (!isClusterMessage<ReadyMessage>(message, readyKind, "url", "string")) return;
        workers.url = message.url;
        ready.add(worker);
        log.info({ workerPid: worker.process.pid, url: message.url }, "gateway worker ready");
        if (starting && ++readyCount === count) {
          starting = false;
          resolve(workers);
        }
      });
    };

    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      if (starting) {
        stopping = true;
        // The primary exits next; node:cluster then ends the other workers (they exit on disconnect).
        reject(new Error(`gateway worker ${worker.process.pid} exited with ${code ?? signal} before it was ready`));
        return;
      }
      log.error({ workerPid: worker.process.pid, code, signal }, "gateway worker exited; starting another");
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelayMs);
    });

    serveClusterMetrics();
    for (let forked = 0; forked < count; forked++) fork();
  });
}
