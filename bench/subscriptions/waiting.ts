export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A phase that ran out of time: reported as a note on the run, not as the bench failing. */
export class PhaseTimeout extends Error {}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string, pollMs = 20): Promise<void> {
  const endAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > endAt) throw new PhaseTimeout(`${what}: timed out after ${(timeoutMs / 1000).toFixed(0)} s`);
    await sleep(pollMs);
  }
}
