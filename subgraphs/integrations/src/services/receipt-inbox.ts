import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import { recordAudit } from "../../../clients/src/public";
import { findOwnConnection } from "./connections";
import type { ReceiptOutcome } from "./store-orders";
import { storeDeliveryAction } from "./webhook-receipts";
import type { Db, WebhookReceipt, WebhookReceiptStatus, Tx } from "../db";

/**
 * The tenant's integration inbox: every store delivery with what became of it, so a store
 * order that made no order (a SKU we do not sell, stock we do not have, a product not
 * published) is seen by the tenant, not only by whoever reads the server log, and can be
 * replayed once the cause is fixed.
 */

/** A failure recorded before receipts kept a code: the message is all there is. */
const unknownCode = "UNKNOWN";

/**
 * What `errorCode` holds. Failures carry the code of the error that ended them (the API's
 * codes, e.g. INSUFFICIENT_STOCK, BAD_USER_INPUT for an unpublished product,
 * INTERNAL_SERVER_ERROR for anything that is not a domain error); these two are the inbox's own.
 */
export const receiptProblemCodes = {
  /** Lines of the store order name SKUs none of the tenant's products has; they were left out. */
  unmappedSku: "UNMAPPED_SKU",
  /** The store signed a body that is not JSON; nothing can be made of it. */
  invalidPayload: "INVALID_PAYLOAD",
} as const;

const internalCode = "INTERNAL_SERVER_ERROR";

/** The code a failed try leaves on its receipt. */
export function failureCode(error: unknown): string {
  return error instanceof AppError ? error.code : internalCode;
}

/**
 * A processed store order that skipped lines is a problem the tenant fixes (by giving the
 * product that SKU), though nothing failed: it is recorded like a failure, with its own code.
 */
export function outcomeProblem(outcome: ReceiptOutcome): { errorCode: string; lastError: string } | null {
  if (outcome.unmappedSkus.length === 0) return null;
  const skus = outcome.unmappedSkus.join(", ");
  return {
    errorCode: receiptProblemCodes.unmappedSku,
    lastError: outcome.orderId
      ? `No product has the SKU ${skus}; the order was made without those lines`
      : `No product has the SKU ${skus}; no order was made`,
  };
}

const isInvalidPayload = (receipt: WebhookReceipt) =>
  receipt.status === "FAILED" && typeof receipt.payload === "string";

/** The stored code, or for receipts from before codes were kept, the one their row implies. */
export function receiptErrorCode(receipt: WebhookReceipt): string | null {
  if (receipt.errorCode) return receipt.errorCode;
  if (isInvalidPayload(receipt)) return receiptProblemCodes.invalidPayload;
  if (receipt.status === "PROCESSED" && receipt.unmappedSkus.length > 0) return receiptProblemCodes.unmappedSku;
  return receipt.lastError ? unknownCode : null;
}

/**
 * What the tenant reads of the failure. Like every API error, an internal one is masked: its
 * text (kept on the row for operators) may name tables or statements.
 */
export function receiptErrorMessage(receipt: WebhookReceipt): string | null {
  if (receiptErrorCode(receipt) === internalCode) {
    return `Processing failed on our side; the details are in the server log under receipt ${receipt.id}`;
  }
  if (receipt.lastError) return receipt.lastError;
  const problem = outcomeProblem({ orderId: receipt.orderId, unmappedSkus: receipt.unmappedSkus, note: null });
  return problem?.lastError ?? null;
}

/** The store's own id of the order a delivery is about; null for other topics. */
export function receiptStoreOrderId(receipt: WebhookReceipt): string | null {
  const action = storeDeliveryAction(receipt.platform, receipt.topic, receipt.payload);
  if (!action?.startsWith("order.")) return null;
  const id = (receipt.payload as { id?: unknown } | null)?.id;
  return typeof id === "number" || typeof id === "string" ? String(id) : null;
}

/** One connection's receipts, newest first, optionally of one status; another tenant's connection is NOT_FOUND. */
export async function listWebhookReceipts(
  db: Db,
  auth: TenantAuth,
  connectionId: string,
  status: WebhookReceiptStatus | null | undefined,
  page: PageArgs,
): Promise<Connection<WebhookReceipt>> {
  await findOwnConnection(db, auth, connectionId);
  const filter = { clientId: auth.clientId, connectionId, ...(status ? { status } : {}) };
  return keysetPage(
    page,
    (query) => db.webhookReceipt.findMany({ ...query, where: { ...filter, ...query.where } }),
    () => db.webhookReceipt.count({ where: filter }),
    "desc",
  );
}

/**
 * Why a receipt in each status may or may not be processed again. FAILED and RECEIVED (a
 * retry waiting out its backoff) may; a processed store order only when it made no order
 * because no SKU matched: replaying one that made its order finds it in the SalesLog and
 * adds nothing, so the lines left out cannot come back that way.
 */
function replayRefusal(receipt: WebhookReceipt): string | null {
  switch (receipt.status) {
    case "FAILED":
      return isInvalidPayload(receipt) ? "The store sent a body that is not JSON; replaying cannot change it" : null;
    case "RECEIVED":
      return null;
    case "IGNORED":
      return `Deliveries of topic ${receipt.topic} are not processed`;
    case "PROCESSED":
      if (receipt.unmappedSkus.length === 0) return "The delivery was processed without problems";
      if (receipt.orderId) {
        return "The store order made its order without the unmapped lines; replaying cannot add them to it";
      }
      return null;
  }
}

/**
 * Puts a receipt back in the webhook worker's queue, due now with its tries reset, once
 * the tenant fixed what made it fail. The row is locked first, so a worker processing it
 * right now finishes before this reads its status. Replaying cannot make an order twice: a
 * store order that already made one is found in the SalesLog.
 */
export async function replayWebhookReceipt(tx: Tx, auth: TenantAuth, id: string): Promise<WebhookReceipt> {
  const [before] = isUuid(id)
    ? await tx.$queryRaw<WebhookReceipt[]>`
        SELECT * FROM "WebhookReceipt" WHERE "id" = ${id}::uuid AND "clientId" = ${auth.clientId}::uuid FOR UPDATE`
    : [];
  if (!before) throw notFound("WebhookReceipt", id);
  const refusal = replayRefusal(before);
  if (refusal) {
    throw new AppError("INVALID_STATE_TRANSITION", refusal, { entity: "WebhookReceipt", from: before.status });
  }
  const receipt = await tx.webhookReceipt.update({
    where: { id: before.id },
    data: {
      status: "RECEIVED",
      attempts: 0,
      nextAttemptAt: new Date(),
      lastError: null,
      errorCode: null,
      unmappedSkus: [],
      processedAt: null,
    },
  });
  await recordAudit(tx, auth, {
    action: "webhook_receipt.replayed",
    entityType: "WebhookReceipt",
    entityId: receipt.id,
    before: {
      status: before.status,
      attempts: before.attempts,
      errorCode: receiptErrorCode(before),
      lastError: before.lastError,
      unmappedSkus: before.unmappedSkus,
    },
    after: { status: receipt.status, attempts: receipt.attempts },
  });
  return receipt;
}
