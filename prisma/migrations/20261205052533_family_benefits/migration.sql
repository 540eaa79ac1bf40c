-- AlterTable
ALTER TABLE "FamilyAccount" ADD COLUMN     "benefits" JSONB NOT NULL DEFAULT '{}';
