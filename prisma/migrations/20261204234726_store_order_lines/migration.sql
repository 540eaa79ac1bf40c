-- AlterTable
ALTER TABLE "OrderItem" ADD COLUMN     "storeLineId" TEXT;

-- CreateTable
CREATE TABLE "UnmappedOrderLine" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "storeLineId" TEXT,
    "sku" TEXT,
    "title" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(12,2),
    "currency" "Currency",
    "lineTotal" DECIMAL(12,2),

    CONSTRAINT "UnmappedOrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnmappedOrderLine_orderId_idx" ON "UnmappedOrderLine"("orderId");

-- AddForeignKey
ALTER TABLE "UnmappedOrderLine" ADD CONSTRAINT "UnmappedOrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
