import { startPollingLoop, type PollingLoop } from "../../../core/src/workers/polling-loop";
import type { Database } from "../../../core/src/db/database";
import type { WebhookReceipt } from "../../../core/src/db/generated/client";
import type { Logger } from "../../../core/src/logger";
import type { IntegrationDeps } from "../services/deps";
import { findProkipConnection, forwardPendingSales } from "../services/prokip-sales";
import { failureCode, outcomeProblem } from "../services/receipt-inbox";
import { applyStoreDelivery, isPermanentFailure } from "../services/store-orders";
import { failureText } from "../../../core/src/errors";

export interface WebhookWorkerOptions {
  db: Database;
  deps: IntegrationDeps;
  log: Logger;
  /** Pause between passes that found nothing due. */
  pollIntervalMs?: number;
  /** Tries per receipt; the last failure leaves it FAILED with its error. */
  maxAttempts?: number;
  /** Delay before the next try after `attempt` failed tries (1, 2, …). */
  backoffMs?: (attempt: number) => number;
}

export type WebhookWorker = PollingLoop;

/** 5 s, 20 s, 80 s, 5 min 20 s, … capped at one hour. */
export const defaultWebhookBackoffMs = (attempt: number): number => Math.min(5_000 * 4 ** (attempt - 1), 3_600_000);

// A store order touches a handful of rows; a pass stuck this long lets the row go to another worker.
const receiptTimeoutMs = 15_000;

/**
 * Processes stored store deliveries. Each receipt is claimed with `FOR UPDATE SKIP LOCKED`,
 * applied and marked PROCESSED in one transaction of its own, so any number of workers
 * (replicas) share the receipts, and a receipt that fails rolls back only its own effects.
 * The failure is then recorded outside that transaction: attempts, lastError and the time
 * of the next try, or FAILED after the last try or for an error retrying cannot fix
 * (`isPermanentFailure`). A crash before the commit leaves the receipt RECEIVED for the next
 * pass; the SalesLog row makes that replay create nothing twice.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? defaultWebhookBackoffMs;

  /** One receipt; 0 when none was due. */
  async function processNext(): Promise<number> {
    let claimed: WebhookReceipt | undefined;
    let imported = false;
    try {
      await db.prisma.$transaction(
        async (tx) => {
          const [receipt] = await tx.$queryRaw<WebhookReceipt[]>`
            SELECT * FROM "WebhookReceipt"
            WHERE "status" = 'RECEIVED' AND "nextAttemptAt" <= now()
            ORDER BY "nextAttemptAt", "id"
            LIMIT 1
            FOR UPDATE SKIP LOCKED`;
          if (!receipt) return;
          claimed = receipt;
          const outcome = await applyStoreDelivery(tx, receipt);
          imported = outcome.orderId !== null && outcome.note === null;
          if (outcome.note) log.info({ receiptId: receipt.id, note: outcome.note }, "Store delivery changed nothing");
          // Skipped lines are for the tenant's inbox to show, with a code, like a failure.
          const problem = outcomeProblem(outcome);
          await tx.webhookReceipt.update({
            where: { id: receipt.id },
            data: {
              status: "PROCESSED",
              attempts: { increment: 1 },
              orderId: outcome.orderId,
              unmappedSkus: outcome.unmappedSkus,
              lastError: problem?.lastError ?? null,
              errorCode: problem?.errorCode ?? null,
              processedAt: new Date(),
            },
          });
        },
        { timeout: receiptTimeoutMs },
      );
    } catch (error) {
      if (!claimed) throw error;
      await recordFailure(claimed, error);
    }
    if (claimed && imported) await forwardSales(claimed.clientId);
    return claimed ? 1 : 0;
  }

  /**
   * A new store sale goes on to the tenant's Prokip at once when it has one. Prokip being
   * down does not fail the receipt (its order is in): the sale stays pending and each sync
   * of the Prokip connection tries again.
   */
  async function forwardSales(clientId: string): Promise<void> {
    try {
      const prokip = await findProkipConnection(db.prisma, clientId);
      if (prokip) await forwardPendingSales(db.prisma, options.deps, prokip);
    } catch (error) {
      log.warn({ err: error, clientId }, "Forwarding sales to Prokip failed; the next sync retries");
    }
  }

  async function recordFailure(receipt: WebhookReceipt, error: unknown): Promise<void> {
    const attempts = receipt.attempts + 1;
    const final = attempts >= maxAttempts || isPermanentFailure(error);
    const message = failureText(error);
    log.warn({ err: error, receiptId: receipt.id, attempts, final }, "Processing a store delivery failed");
    await db.prisma.webhookReceipt.updateMany({
      where: { id: receipt.id, status: "RECEIVED" },
      data: {
        attempts,
        lastError: message,
        errorCode: failureCode(error),
        ...(final
          ? { status: "FAILED", processedAt: new Date() }
          : { nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) }),
      },
    });
  }

  return startPollingLoop({
    processNext,
    pollIntervalMs,
    log,
    failureMessage: "The webhook worker could not claim receipts",
  });
}
