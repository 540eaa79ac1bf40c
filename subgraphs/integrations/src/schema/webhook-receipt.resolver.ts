import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { IntegrationsContext } from "../context";
import {
  listWebhookReceipts,
  receiptErrorCode,
  receiptErrorMessage,
  receiptStoreOrderId,
  replayWebhookReceipt,
} from "../services/receipt-inbox";
import { OrderReference, WebhookReceipt, WebhookReceiptConnection, WebhookReceiptStatus } from "./types";
import type { WebhookReceipt as WebhookReceiptRow } from "../db";

@Resolver(() => WebhookReceipt)
export class WebhookReceiptResolver {
  @Query(() => WebhookReceiptConnection, {
    description: "The connection's store deliveries, newest first: the integration inbox",
  })
  webhookReceipts(
    @Arg("connectionId", () => ID) connectionId: string,
    @Arg("status", () => WebhookReceiptStatus, { nullable: true }) status: WebhookReceiptStatus | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<Connection<WebhookReceiptRow>> {
    return listWebhookReceipts(ctx.prisma, requireTenant(ctx.auth), connectionId, status, page);
  }

  @Mutation(() => WebhookReceipt, {
    description:
      "Processes a FAILED delivery (or a store order none of whose SKUs matched) again, once its cause is fixed; " +
      "never makes an order twice",
  })
  replayWebhookReceipt(@Arg("id", () => ID) id: string, @Ctx() ctx: IntegrationsContext): Promise<WebhookReceiptRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => replayWebhookReceipt(tx, auth, id));
  }

  @FieldResolver(() => String, { nullable: true, description: "The store's id of the order the delivery is about" })
  storeOrderId(@Root() receipt: WebhookReceiptRow): string | null {
    return receiptStoreOrderId(receipt);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Why it failed or skipped lines: an API error code (INSUFFICIENT_STOCK, BAD_USER_INPUT, …), " +
      "UNMAPPED_SKU, INVALID_PAYLOAD, or UNKNOWN for failures recorded before codes were kept",
  })
  errorCode(@Root() receipt: WebhookReceiptRow): string | null {
    return receiptErrorCode(receipt);
  }

  @FieldResolver(() => String, { nullable: true, description: "The last failure (or skipped lines) in words" })
  lastError(@Root() receipt: WebhookReceiptRow): string | null {
    return receiptErrorMessage(receipt);
  }

  @FieldResolver(() => OrderReference, { nullable: true, description: "The order the store order became" })
  order(@Root() receipt: WebhookReceiptRow): OrderReference | null {
    return receipt.orderId ? { id: receipt.orderId } : null;
  }
}
