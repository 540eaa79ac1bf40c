-- CreateEnum
CREATE TYPE "WebhookReceiptStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED');

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "locationId" UUID;

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "platform" "IntegrationPlatform" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "status" "WebhookReceiptStatus" NOT NULL DEFAULT 'RECEIVED',
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "unmappedSkus" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "orderId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesLog" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "externalOrderId" TEXT NOT NULL,
    "orderId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SalesLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookReceipt_status_nextAttemptAt_idx" ON "WebhookReceipt"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookReceipt_connectionId_deliveryId_key" ON "WebhookReceipt"("connectionId", "deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "SalesLog_connectionId_externalOrderId_key" ON "SalesLog"("connectionId", "externalOrderId");
