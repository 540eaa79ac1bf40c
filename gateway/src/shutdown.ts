import { ConfigError } from "../../subgraphs/core/src/config";
import type { Logger } from "../../subgraphs/core/src/logger";

/** Longest time from SIGTERM to exit, whatever is still running: orchestrators kill at 10 s by default. */
const shutdownDeadlineMs = 9_500;

/**
 * On SIGTERM or SIGINT, runs `stop` once with that signal and exits 0 when it finishes, 1 when
 * it fails or passes the deadline. Whatever still hangs at the deadline is cut off: a job left
 * mid-way holds only a lease and an uncommitted transaction, so it goes back to its queue
 * when the lease runs out.
 */
export function exitOnShutdownSignal(log: Logger, stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => {
      log.error({ signal, afterMs: shutdownDeadlineMs }, "shutdown deadline passed; exiting");
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    try {
      await stop(signal);
      log.info({ signal }, "stopped");
      process.exit(0);
    } catch (error) {
      log.error({ err: error, signal }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void onSignal("SIGINT"));
  process.on("SIGTERM", () => void onSignal("SIGTERM"));
}

/** How a process entry point reports a failed start: a config error as itself, anything else with its stack. */
export function exitOnStartFailure(error: unknown): never {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
