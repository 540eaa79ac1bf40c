/** How a queue retries an item whose try failed. */
export interface RetryPolicy {
  /** Tries in all, the first one included; the item is given up after the last. */
  maxAttempts: number;
  /** The wait before the next try after `attempts` failed tries (1, 2, …). */
  delayMs(attempts: number): number;
}

/** When the item is due again after `attempts` failed tries, or null when that was its last. */
export function nextTryAt(policy: RetryPolicy, attempts: number): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  return new Date(Date.now() + policy.delayMs(attempts));
}
