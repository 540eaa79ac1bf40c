/**
 * How a launcher knows a process can serve. `check` is asked with everything the process has
 * printed so far; its first answer other than undefined is the process's readiness (a URL it
 * printed, its demo keys, `true`).
 */
export interface Readiness<T> {
  /** What is awaited, for the error when it does not come: "a line matching /…/". */
  description: string;
  /**
   * "output": asked again as soon as the process prints more (a boot time is measured to the
   * line). "interval": every 100 ms, so that a probe is not fired at each of a start's log lines.
   */
  recheck: "output" | "interval";
  check(output: string): T | undefined | Promise<T | undefined>;
}

/**
 * A complete line of output matching the pattern (a string: containing it); resolves with the
 * match. Only whole lines count, so a URL is never read from half a write.
 */
export function printed(pattern: RegExp | string): Readiness<RegExpExecArray> {
  const regex = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : pattern;
  return {
    description: `a line matching ${String(regex)}`,
    recheck: "output",
    check: (output) => regex.exec(output.slice(0, output.lastIndexOf("\n") + 1)) ?? undefined,
  };
}

/** An HTTP GET of the URL answering 200: a route such as /ready or /health. */
export function answers200(url: string): Readiness<true> {
  return {
    description: `GET ${url} answering 200`,
    recheck: "interval",
    async check() {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        return response.status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
