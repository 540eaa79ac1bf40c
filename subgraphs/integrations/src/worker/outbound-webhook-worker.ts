import { startLeasedQueue, type LeasedQueueWorker } from "../../../core/src/workers/leased-queue";
import { nextTryAt, type RetryPolicy } from "../../../core/src/workers/retry-policy";
import type { Database } from "../../../core/src/db/database";
import type { Logger } from "../../../core/src/logger";
import type { IntegrationDeps } from "../services/deps";
import { checkWebhookUrl, openWebhookSecret, signWebhook } from "../services/outbound-webhooks";
import { failureText } from "../../../core/src/errors";
import type { WebhookDelivery, WebhookEndpoint } from "../db";
import { moduleDatabase } from "../../../core/src/db/module-db";

/** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: attempt n (0-based) waits schedule[n]. */
export const defaultWebhookRetryScheduleMs: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export interface OutboundWebhookWorkerOptions {
  db: Database;
  deps: IntegrationDeps;
  log: Logger;
  /** Pause between passes that found nothing due. */
  pollIntervalMs?: number;
  /** Delay before each attempt; FAILED after the last one fails. */
  retryScheduleMs?: readonly number[];
  /** How long an endpoint has to answer. */
  requestTimeoutMs?: number;
  /** Deliveries this process sends at once, to as many different endpoints. */
  concurrency?: number;
}

/**
 * `stop` stops claiming, aborts the sends in flight and hands their deliveries back to the
 * queue; `drain` sends everything due now, waits for the answers and returns how many
 * deliveries that was.
 */
export type OutboundWebhookWorker = LeasedQueueWorker;

// A lease outlives the request's own timeout by the few statements around it.
const leaseMarginMs = 5_000;

interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** A claimed delivery and the endpoint it goes to, read once per batch. */
interface Claimed {
  delivery: WebhookDelivery;
  /** Undefined when the endpoint no longer exists. */
  endpoint: WebhookEndpoint | undefined;
}

/**
 * Sends queued deliveries in the Standard Webhooks format. A pass claims due deliveries with
 * a lease (one statement, `FOR UPDATE SKIP LOCKED`; their `nextAttemptAt` moves past the
 * request's timeout), at most one per endpoint and none for an endpoint this process is
 * already sending to; each is then sent with no transaction open, and its result recorded
 * in a short transaction of its own. So a slow or dead endpoint holds one slot, no row lock
 * and no pool connection, and the other endpoints' deliveries go on; any number of workers
 * share the queue; a worker that dies mid-send leaves its deliveries to be claimed again when
 * the lease ends (the receiver may then see a `webhook-id` twice, as Standard Webhooks allows).
 * 2xx: SUCCEEDED. 410: the endpoint is disabled and the delivery DISABLED. Anything else is
 * tried again on the schedule, and FAILED after the last try. Redirects are not followed.
 */
export function startOutboundWebhookWorker(options: OutboundWebhookWorkerOptions): OutboundWebhookWorker {
  const { db, deps, log } = options;
  // The loops get core's handle for their locks; the work sees only the integrations' tables.
  const prisma = moduleDatabase<"integrations">(db.prisma);
  const schedule = options.retryScheduleMs ?? defaultWebhookRetryScheduleMs;
  // schedule[0] is the wait before the first try, when the delivery is queued.
  const retries: RetryPolicy = { maxAttempts: schedule.length, delayMs: (attempts) => schedule[attempts]! };
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const leaseMs = requestTimeoutMs + leaseMarginMs;

  /**
   * The delivery as this worker claimed it: `nextAttemptAt` is its lease, and the proof in
   * every write that it is still ours.
   */
  const leased = (delivery: WebhookDelivery) => ({
    id: delivery.id,
    status: "PENDING" as const,
    nextAttemptAt: delivery.nextAttemptAt,
  });

  async function claim(limit: number, busyEndpoints: readonly string[]): Promise<Claimed[]> {
    const deliveries = await prisma.$queryRaw<WebhookDelivery[]>`
      WITH "candidate" AS (
        SELECT "id" FROM (
          SELECT DISTINCT ON ("endpointId") "id", "nextAttemptAt" FROM "WebhookDelivery"
          WHERE "status" = 'PENDING' AND "nextAttemptAt" <= now()
            AND NOT ("endpointId" = ANY(${busyEndpoints}::uuid[]))
          ORDER BY "endpointId", "nextAttemptAt", "id") AS "firstPerEndpoint"
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
      ), "claimable" AS (
        SELECT "id" FROM "WebhookDelivery"
        WHERE "id" IN (SELECT "id" FROM "candidate") AND "status" = 'PENDING' AND "nextAttemptAt" <= now()
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "WebhookDelivery" SET "nextAttemptAt" = now() + ${leaseMs} * interval '1 millisecond'
      FROM "claimable" WHERE "WebhookDelivery"."id" = "claimable"."id"
      RETURNING "WebhookDelivery".*`;
    if (deliveries.length === 0) return [];
    const endpoints = await prisma.webhookEndpoint.findMany({
      where: { id: { in: [...new Set(deliveries.map((delivery) => delivery.endpointId))] } },
    });
    const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    return deliveries.map((delivery) => ({ delivery, endpoint: endpointById.get(delivery.endpointId) }));
  }

  async function send(
    delivery: WebhookDelivery,
    url: string,
    secret: string,
    stopping: AbortSignal,
  ): Promise<AttemptResult> {
    const startedAt = performance.now();
    const durationMs = () => Math.round(performance.now() - startedAt);
    try {
      const target = await checkWebhookUrl(url, deps.config.webhooksAllowPrivate);
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({
        type: delivery.eventType,
        timestamp: new Date(timestamp * 1000).toISOString(),
        data: delivery.payload,
      });
      const response = await fetch(target, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(requestTimeoutMs), stopping]),
        headers: {
          "content-type": "application/json",
          "webhook-id": delivery.eventId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(secret, delivery.eventId, timestamp, body),
        },
        body,
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      return {
        responseStatus: response.status,
        error: ok ? null : `HTTP ${response.status}`,
        durationMs: durationMs(),
      };
    } catch (error) {
      return { responseStatus: null, error: failureText(error), durationMs: durationMs() };
    }
  }

  /** Writes the outcome unless the lease was lost meanwhile (expired and claimed again, or redelivered). */
  async function record(delivery: WebhookDelivery, endpoint: WebhookEndpoint, result: AttemptResult): Promise<void> {
    const attempts = delivery.attempts + 1;
    const common = { attempts, responseStatus: result.responseStatus, lastError: result.error };
    const ours = leased(delivery);
    const ok = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    const retryAt = nextTryAt(retries, attempts);
    await prisma.$transaction(async (tx) => {
      await tx.webhookAttempt.create({ data: { deliveryId: delivery.id, ...result } });
      if (ok) {
        await tx.webhookDelivery.updateMany({
          where: ours,
          data: { ...common, status: "SUCCEEDED", deliveredAt: new Date() },
        });
      } else if (result.responseStatus === 410) {
        const reason = "The endpoint answered 410 Gone";
        await tx.webhookEndpoint.update({
          where: { id: endpoint.id },
          data: { isActive: false, disabledReason: reason },
        });
        await tx.webhookDelivery.updateMany({ where: ours, data: { ...common, status: "DISABLED" } });
        log.info({ endpointId: endpoint.id }, "A webhook endpoint answered 410 and was disabled");
      } else if (retryAt === null) {
        await tx.webhookDelivery.updateMany({ where: ours, data: { ...common, status: "FAILED" } });
      } else {
        await tx.webhookDelivery.updateMany({ where: ours, data: { ...common, nextAttemptAt: retryAt } });
      }
    });
  }

  async function deliver({ delivery, endpoint }: Claimed, stopping: AbortSignal): Promise<void> {
    const ours = leased(delivery);
    if (!endpoint?.isActive) {
      await prisma.webhookDelivery.updateMany({
        where: ours,
        data: { status: "DISABLED", lastError: endpoint?.disabledReason ?? "The endpoint is disabled" },
      });
      return;
    }
    const result = await send(delivery, endpoint.url, openWebhookSecret(deps.secretBox, endpoint), stopping);
    // Cut short by shutdown, not by the endpoint: back to the queue for another process, unrecorded.
    if (stopping.aborted) {
      await prisma.webhookDelivery.updateMany({ where: ours, data: { nextAttemptAt: new Date() } });
      return;
    }
    await record(delivery, endpoint, result);
  }

  return startLeasedQueue<Claimed>({
    queue: {
      lease: claim,
      process: (claimed, stopping) =>
        deliver(claimed, stopping).catch((error: unknown) => {
          // The lease runs out and another pass tries again.
          log.warn({ err: error, deliveryId: claimed.delivery.id }, "Recording an outbound webhook attempt failed");
        }),
      keyOf: (claimed) => claimed.delivery.endpointId,
    },
    concurrency: options.concurrency ?? 16,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    log,
    failureMessage: "The outbound webhook worker could not claim deliveries",
  });
}
