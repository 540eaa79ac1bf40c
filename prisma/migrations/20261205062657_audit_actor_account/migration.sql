-- AlterTable
ALTER TABLE "AuditLogEntry" ADD COLUMN     "actorAccountId" UUID;
