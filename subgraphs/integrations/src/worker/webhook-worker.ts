import { startLeasedQueue, type LeasedQueueWorker } from "../../../core/src/workers/leased-queue";
import { nextTryAt, type RetryPolicy } from "../../../core/src/workers/retry-policy";
import type { Database } from "../../../core/src/db/database";
import type { Logger } from "../../../core/src/logger";
import type { IntegrationDeps } from "../services/deps";
import { findProkipConnection, forwardPendingSales } from "../services/prokip-sales";
import { failureCode, outcomeProblem } from "../services/receipt-inbox";
import { applyStoreDelivery, isPermanentFailure } from "../services/store-orders";
import { failureText } from "../../../core/src/errors";
import type { WebhookReceipt } from "../db";
import { moduleDatabase } from "../../../core/src/db/module-db";

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

export type WebhookWorker = LeasedQueueWorker;

/** 5 s, 20 s, 80 s, 5 min 20 s, … capped at one hour. */
export const defaultWebhookBackoffMs = (attempt: number): number => Math.min(5_000 * 4 ** (attempt - 1), 3_600_000);

// A store order touches a handful of rows; a transaction stuck this long is rolled back.
const receiptTimeoutMs = 15_000;
// The lease outlives the transaction's own timeout: a live worker keeps its receipt to the end,
// and one that died leaves it to the others this long after it leased it.
const receiptLeaseMs = receiptTimeoutMs + 5_000;

/** The receipt is not ours any more (the lease ran out, or a replay reset it): roll back. */
class LeaseLost extends Error {}

/**
 * Processes stored store deliveries. A pass leases the next due receipt (one statement,
 * `FOR UPDATE SKIP LOCKED`; its `nextAttemptAt` moves past the transaction's timeout), then
 * applies it and marks it PROCESSED in one transaction of its own that checks the lease, so
 * any number of workers (replicas) share the receipts, and a receipt that fails rolls back
 * only its own effects. The failure is then recorded outside that transaction: attempts,
 * lastError and the time of the next try, or FAILED after the last try or for an error
 * retrying cannot fix (`isPermanentFailure`). A crash before the commit leaves the receipt
 * RECEIVED for a pass after its lease; the SalesLog row makes that replay create nothing twice.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, log } = options;
  // The loops get core's handle for their locks; the work sees only the integrations' tables.
  const prisma = moduleDatabase<"integrations">(db.prisma);
  const retries: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 5,
    delayMs: options.backoffMs ?? defaultWebhookBackoffMs,
  };

  async function lease(limit: number): Promise<WebhookReceipt[]> {
    return prisma.$queryRaw<WebhookReceipt[]>`
      UPDATE "WebhookReceipt" SET "nextAttemptAt" = now() + ${receiptLeaseMs} * interval '1 millisecond'
      WHERE "id" IN (
        SELECT "id" FROM "WebhookReceipt"
        WHERE "status" = 'RECEIVED' AND "nextAttemptAt" <= now()
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`;
  }

  /** The receipt as this worker leased it: the proof in every write that it is still ours. */
  const leased = (receipt: WebhookReceipt) => ({
    id: receipt.id,
    status: "RECEIVED" as const,
    nextAttemptAt: receipt.nextAttemptAt,
  });

  async function processReceipt(receipt: WebhookReceipt): Promise<void> {
    let imported = false;
    try {
      await prisma.$transaction(
        async (tx) => {
          const outcome = await applyStoreDelivery(tx, receipt);
          imported = outcome.orderId !== null && outcome.note === null;
          if (outcome.note) log.info({ receiptId: receipt.id, note: outcome.note }, "Store delivery changed nothing");
          // Skipped lines are for the tenant's inbox to show, with a code, like a failure.
          const problem = outcomeProblem(outcome);
          const marked = await tx.webhookReceipt.updateMany({
            where: leased(receipt),
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
          if (marked.count === 0) throw new LeaseLost();
        },
        { timeout: receiptTimeoutMs },
      );
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.warn(
          { receiptId: receipt.id },
          "A store delivery was leased again before it was applied; that lease applies it",
        );
        return;
      }
      await recordFailure(receipt, error);
      return;
    }
    // Whatever events the delivery wrote (an order's, a cancellation's) go out now, not at the next poll.
    db.outbox.committed();
    if (imported) await forwardSales(receipt.clientId);
  }

  /**
   * A new store sale goes on to the tenant's Prokip at once when it has one. Prokip being
   * down does not fail the receipt (its order is in): the sale stays pending and each sync
   * of the Prokip connection tries again.
   */
  async function forwardSales(clientId: string): Promise<void> {
    try {
      const prokip = await findProkipConnection(prisma, clientId);
      if (prokip) await forwardPendingSales(prisma, options.deps, prokip);
    } catch (error) {
      log.warn({ err: error, clientId }, "Forwarding sales to Prokip failed; the next sync retries");
    }
  }

  async function recordFailure(receipt: WebhookReceipt, error: unknown): Promise<void> {
    const attempts = receipt.attempts + 1;
    const retryAt = isPermanentFailure(error) ? null : nextTryAt(retries, attempts);
    const final = retryAt === null;
    log.warn({ err: error, receiptId: receipt.id, attempts, final }, "Processing a store delivery failed");
    await prisma.webhookReceipt.updateMany({
      where: leased(receipt),
      data: {
        attempts,
        lastError: failureText(error),
        errorCode: failureCode(error),
        ...(final ? { status: "FAILED", processedAt: new Date() } : { nextAttemptAt: retryAt }),
      },
    });
  }

  return startLeasedQueue({
    queue: { lease, process: processReceipt },
    pollIntervalMs: options.pollIntervalMs ?? 100,
    log,
    failureMessage: "The webhook worker could not claim receipts",
  });
}
