-- AlterEnum
ALTER TYPE "ApiKeyKind" ADD VALUE 'PUBLISHABLE';

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[];
