import { v7 as uuidv7 } from "uuid";
import { startPollingLoop, type PollingLoop } from "../../../core/src/workers/polling-loop";
import type { Database } from "../../../core/src/db/database";
import type { WebhookDelivery } from "../../../core/src/db/generated/client";
import { createSeenFilter } from "../../../core/src/events/seen-filter";
import type { DomainEvent, EventBus } from "../../../core/src/events/types";
import type { Logger } from "../../../core/src/logger";
import type { IntegrationDeps } from "../services/deps";
import { checkWebhookUrl, isWebhookEventType, openWebhookSecret, signWebhook } from "../services/outbound-webhooks";
import { failureText } from "../../../core/src/errors";

export interface WebhookFanoutOptions {
  db: Database;
  bus: EventBus;
  log: Logger;
}

export interface WebhookFanout {
  /** Unsubscribes; resolves once the deliveries being queued are written. */
  stop(): Promise<void>;
}

/**
 * Queues one PENDING delivery per active endpoint of the event's tenant subscribed to its
 * type. The bus delivers at least once and every worker process listens, so the insert is
 * `ON CONFLICT (endpointId, eventId) DO NOTHING`: an event is queued once per endpoint; the
 * seen filter only saves the round trip for duplicates this process already handled.
 */
export function startWebhookFanout(options: WebhookFanoutOptions): WebhookFanout {
  const { db, bus, log } = options;
  const seen = createSeenFilter();
  const inFlight = new Set<Promise<void>>();

  async function enqueue(event: DomainEvent): Promise<void> {
    const clientId = event.clientId!;
    const endpoints = await db.prisma.webhookEndpoint.findMany({
      where: { clientId, isActive: true, events: { has: event.type } },
      select: { id: true },
    });
    const body = JSON.stringify(event.payload);
    for (const endpoint of endpoints) {
      await db.prisma.$executeRaw`
        INSERT INTO "WebhookDelivery" ("id", "clientId", "endpointId", "eventId", "eventType", "payload")
        VALUES (${uuidv7()}::uuid, ${clientId}::uuid, ${endpoint.id}::uuid, ${event.id}::uuid, ${event.type},
          ${body}::jsonb)
        ON CONFLICT ("endpointId", "eventId") DO NOTHING`;
    }
  }

  const unsubscribe = bus.subscribe((event) => {
    if (!event.clientId || !isWebhookEventType(event.type) || !seen(event.id)) return;
    const work = enqueue(event).catch((error: unknown) => {
      log.warn({ err: error, eventId: event.id, type: event.type }, "Could not queue outbound webhooks");
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  return {
    async stop() {
      unsubscribe();
      await Promise.all([...inFlight]);
    },
  };
}

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
}

export type OutboundWebhookWorker = PollingLoop;

// The request's own timeout plus the few statements around it.
const deliveryTimeoutMarginMs = 5_000;

interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends queued deliveries in the Standard Webhooks format. Each delivery is claimed with
 * `FOR UPDATE SKIP LOCKED`, sent, logged as a WebhookAttempt and updated in one transaction
 * of its own, so any number of workers share the queue. 2xx: SUCCEEDED. 410: the endpoint is
 * disabled and the delivery DISABLED. Anything else is tried again on the schedule, and
 * FAILED after the last try. Redirects are not followed.
 */
export function startOutboundWebhookWorker(options: OutboundWebhookWorkerOptions): OutboundWebhookWorker {
  const { db, deps, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const schedule = options.retryScheduleMs ?? defaultWebhookRetryScheduleMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;

  async function send(delivery: WebhookDelivery, url: string, secret: string): Promise<AttemptResult> {
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
        signal: AbortSignal.timeout(requestTimeoutMs),
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

  /** One delivery; 0 when none was due. */
  async function processNext(): Promise<number> {
    let claimed: WebhookDelivery | undefined;
    try {
      await db.prisma.$transaction(
        async (tx) => {
          const [delivery] = await tx.$queryRaw<WebhookDelivery[]>`
            SELECT * FROM "WebhookDelivery"
            WHERE "status" = 'PENDING' AND "nextAttemptAt" <= now()
            ORDER BY "nextAttemptAt", "id"
            LIMIT 1
            FOR UPDATE SKIP LOCKED`;
          if (!delivery) return;
          claimed = delivery;
          const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: delivery.endpointId } });
          if (!endpoint?.isActive) {
            await tx.webhookDelivery.update({
              where: { id: delivery.id },
              data: { status: "DISABLED", lastError: endpoint?.disabledReason ?? "The endpoint is disabled" },
            });
            return;
          }
          const result = await send(delivery, endpoint.url, openWebhookSecret(deps.secretBox, endpoint));
          await tx.webhookAttempt.create({ data: { deliveryId: delivery.id, ...result } });
          const attempts = delivery.attempts + 1;
          const common = { attempts, responseStatus: result.responseStatus, lastError: result.error };
          if (result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300) {
            await tx.webhookDelivery.update({
              where: { id: delivery.id },
              data: { ...common, status: "SUCCEEDED", deliveredAt: new Date() },
            });
          } else if (result.responseStatus === 410) {
            const reason = "The endpoint answered 410 Gone";
            await tx.webhookEndpoint.update({
              where: { id: endpoint.id },
              data: { isActive: false, disabledReason: reason },
            });
            await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { ...common, status: "DISABLED" } });
            log.info({ endpointId: endpoint.id }, "A webhook endpoint answered 410 and was disabled");
          } else if (attempts >= schedule.length) {
            await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { ...common, status: "FAILED" } });
          } else {
            await tx.webhookDelivery.update({
              where: { id: delivery.id },
              data: { ...common, nextAttemptAt: new Date(Date.now() + schedule[attempts]!) },
            });
          }
        },
        { timeout: requestTimeoutMs + deliveryTimeoutMarginMs },
      );
    } catch (error) {
      if (!claimed) throw error;
      await recordFailure(claimed, error);
    }
    return claimed ? 1 : 0;
  }

  /** A delivery whose transaction failed (not its endpoint): tried again later like a failed send. */
  async function recordFailure(delivery: WebhookDelivery, error: unknown): Promise<void> {
    const attempts = delivery.attempts + 1;
    const final = attempts >= schedule.length;
    log.warn({ err: error, deliveryId: delivery.id, attempts, final }, "Sending an outbound webhook failed");
    await db.prisma.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "PENDING" },
      data: {
        attempts,
        lastError: failureText(error),
        ...(final ? { status: "FAILED" } : { nextAttemptAt: new Date(Date.now() + schedule[attempts]!) }),
      },
    });
  }

  return startPollingLoop({
    processNext,
    pollIntervalMs,
    log,
    failureMessage: "The outbound webhook worker could not claim deliveries",
  });
}
