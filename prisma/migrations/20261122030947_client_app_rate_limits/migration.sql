-- AlterTable
ALTER TABLE "ClientApp" ADD COLUMN     "rateLimitCapacity" INTEGER,
ADD COLUMN     "rateLimitRestoreRate" INTEGER;
