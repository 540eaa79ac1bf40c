-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "rematchRequestedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "WebhookReceipt" ADD COLUMN     "errorCode" TEXT;
