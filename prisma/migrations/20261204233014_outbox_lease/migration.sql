-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3);
