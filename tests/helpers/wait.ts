/**
 * Polls `condition` until it holds; fails the test with `what` after `timeoutMs`. The
 * default is long because it only matters when the condition never holds: on a loaded
 * machine a healthy wait can take several times its quiet figure.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
