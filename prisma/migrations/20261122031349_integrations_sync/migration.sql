-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "mappedAt" TIMESTAMPTZ(3),
ADD COLUMN     "ordersPulledAt" TIMESTAMPTZ(3),
ADD COLUMN     "storeWebhookIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "syncLockedUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SalesLog" ADD COLUMN     "prokipAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "prokipError" TEXT,
ADD COLUMN     "prokipSaleId" TEXT;

-- CreateTable
CREATE TABLE "ProductMapping" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "externalProductId" TEXT NOT NULL,
    "externalVariantId" TEXT,
    "inventoryItemId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProductMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InventoryCache" (
    "connectionId" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "pushedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InventoryCache_pkey" PRIMARY KEY ("connectionId","sku")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'RUNNING',
    "pushed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProductMapping_connectionId_productId_idx" ON "ProductMapping"("connectionId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "ProductMapping_connectionId_sku_key" ON "ProductMapping"("connectionId", "sku");

-- CreateIndex
CREATE INDEX "SyncRun_connectionId_startedAt_idx" ON "SyncRun"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_clientId_startedAt_idx" ON "SyncRun"("clientId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

-- CreateIndex
CREATE INDEX "SalesLog_clientId_prokipSaleId_idx" ON "SalesLog"("clientId", "prokipSaleId");
