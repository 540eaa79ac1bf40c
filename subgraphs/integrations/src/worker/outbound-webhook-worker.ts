import { startPollingLoop } from "../../../core/src/workers/polling-loop";
import type { Database } from "../../../core/src/db/database";
import type { WebhookDelivery, WebhookEndpoint } from "../../../core/src/db/generated/client";
import type { Logger } from "../../../core/src/logger";
import type { IntegrationDeps } from "../services/deps";
import { checkWebhookUrl, openWebhookSecret, signWebhook } from "../services/outbound-webhooks";
import { failureText } from "../../../core/src/errors";

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

export interface OutboundWebhookWorker {
  /** Stops claiming, aborts the sends in flight and hands their deliveries back to the queue. */
  stop(): Promise<void>;
  /** Sends everything due now, waits for the answers and returns how many deliveries that was. */
  drain(): Promise<number>;
}

// A lease outlives the request's own timeout by the few statements around it.
const leaseMarginMs = 5_000;

interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** A claimed delivery: `nextAttemptAt` is its lease, and the proof that it is still ours. */
type Claimed = WebhookDelivery;

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
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const schedule = options.retryScheduleMs ?? defaultWebhookRetryScheduleMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const leaseMs = requestTimeoutMs + leaseMarginMs;
  const sending = new Map<string, Promise<void>>();
  const busyEndpoints = new Set<string>();
  const shutdown = new AbortController();

  async function claim(limit: number): Promise<Claimed[]> {
    return db.prisma.$queryRaw<Claimed[]>`
      WITH "candidate" AS (
        SELECT "id" FROM (
          SELECT DISTINCT ON ("endpointId") "id", "nextAttemptAt" FROM "WebhookDelivery"
          WHERE "status" = 'PENDING' AND "nextAttemptAt" <= now()
            AND NOT ("endpointId" = ANY(${[...busyEndpoints]}::uuid[]))
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
  }

  async function send(delivery: Claimed, url: string, secret: string): Promise<AttemptResult> {
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
        signal: AbortSignal.any([AbortSignal.timeout(requestTimeoutMs), shutdown.signal]),
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
  async function record(delivery: Claimed, endpoint: WebhookEndpoint, result: AttemptResult): Promise<void> {
    const attempts = delivery.attempts + 1;
    const common = { attempts, responseStatus: result.responseStatus, lastError: result.error };
    const ours = { id: delivery.id, status: "PENDING" as const, nextAttemptAt: delivery.nextAttemptAt };
    const ok = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    await db.prisma.$transaction(async (tx) => {
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
      } else if (attempts >= schedule.length) {
        await tx.webhookDelivery.updateMany({ where: ours, data: { ...common, status: "FAILED" } });
      } else {
        await tx.webhookDelivery.updateMany({
          where: ours,
          data: { ...common, nextAttemptAt: new Date(Date.now() + schedule[attempts]!) },
        });
      }
    });
  }

  async function deliver(delivery: Claimed, endpoint: WebhookEndpoint | undefined): Promise<void> {
    if (!endpoint?.isActive) {
      await db.prisma.webhookDelivery.updateMany({
        where: { id: delivery.id, status: "PENDING", nextAttemptAt: delivery.nextAttemptAt },
        data: { status: "DISABLED", lastError: endpoint?.disabledReason ?? "The endpoint is disabled" },
      });
      return;
    }
    const result = await send(delivery, endpoint.url, openWebhookSecret(deps.secretBox, endpoint));
    // Cut short by shutdown, not by the endpoint: back to the queue for another process, unrecorded.
    if (shutdown.signal.aborted) {
      await db.prisma.webhookDelivery.updateMany({
        where: { id: delivery.id, status: "PENDING", nextAttemptAt: delivery.nextAttemptAt },
        data: { nextAttemptAt: new Date() },
      });
      return;
    }
    await record(delivery, endpoint, result);
  }

  /** Claims what fits in the free slots and starts sending it; returns how many it claimed. */
  async function processNext(): Promise<number> {
    const free = concurrency - sending.size;
    if (free <= 0 || shutdown.signal.aborted) return 0;
    const claimed = await claim(free);
    if (claimed.length === 0) return 0;
    const endpoints = await db.prisma.webhookEndpoint.findMany({
      where: { id: { in: [...new Set(claimed.map((delivery) => delivery.endpointId))] } },
    });
    const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    for (const delivery of claimed) {
      busyEndpoints.add(delivery.endpointId);
      const work = deliver(delivery, endpointById.get(delivery.endpointId))
        .catch((error: unknown) => {
          // The lease runs out and another pass tries again.
          log.warn({ err: error, deliveryId: delivery.id }, "Recording an outbound webhook attempt failed");
        })
        .finally(() => {
          sending.delete(delivery.id);
          busyEndpoints.delete(delivery.endpointId);
        });
      sending.set(delivery.id, work);
    }
    return claimed.length;
  }

  const loop = startPollingLoop({
    processNext,
    pollIntervalMs,
    log,
    failureMessage: "The outbound webhook worker could not claim deliveries",
  });

  return {
    async stop() {
      shutdown.abort();
      await loop.stop();
      await Promise.all(sending.values());
    },
    async drain() {
      let total = 0;
      for (;;) {
        const claimed = await loop.drain();
        total += claimed;
        if (sending.size > 0) await Promise.race(sending.values());
        else if (claimed === 0) return total;
      }
    },
  };
}
