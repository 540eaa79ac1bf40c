-- CreateEnum
CREATE TYPE "ConsoleAccountKind" AS ENUM ('OPERATOR', 'PLATFORM_ADMIN');

-- DropForeignKey
ALTER TABLE "PasswordToken" DROP CONSTRAINT "PasswordToken_userId_fkey";

-- AlterTable
ALTER TABLE "PasswordToken" ADD COLUMN     "accountId" UUID,
ALTER COLUMN "userId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ConsoleAccount" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ConsoleAccountKind" NOT NULL,
    "clientAppId" UUID,
    "passwordHash" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsoleAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsoleSession" (
    "id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "accountId" UUID,
    "userId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ConsoleSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsoleAccount_email_key" ON "ConsoleAccount"("email");

-- CreateIndex
CREATE INDEX "ConsoleAccount_clientAppId_idx" ON "ConsoleAccount"("clientAppId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsoleSession_hash_key" ON "ConsoleSession"("hash");

-- CreateIndex
CREATE INDEX "ConsoleSession_accountId_idx" ON "ConsoleSession"("accountId");

-- CreateIndex
CREATE INDEX "ConsoleSession_userId_idx" ON "ConsoleSession"("userId");

-- CreateIndex
CREATE INDEX "PasswordToken_accountId_idx" ON "PasswordToken"("accountId");

-- AddForeignKey
ALTER TABLE "PasswordToken" ADD CONSTRAINT "PasswordToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordToken" ADD CONSTRAINT "PasswordToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ConsoleAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsoleAccount" ADD CONSTRAINT "ConsoleAccount_clientAppId_fkey" FOREIGN KEY ("clientAppId") REFERENCES "ClientApp"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ConsoleAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Rules Prisma's schema cannot state: whose token or session a row is, and which accounts belong to a platform.
ALTER TABLE "PasswordToken" ADD CONSTRAINT "PasswordToken_one_owner" CHECK (("userId" IS NULL) <> ("accountId" IS NULL));
ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_one_person" CHECK (("userId" IS NULL) <> ("accountId" IS NULL));
ALTER TABLE "ConsoleAccount" ADD CONSTRAINT "ConsoleAccount_platform_admin_app"
  CHECK (("kind" = 'PLATFORM_ADMIN') = ("clientAppId" IS NOT NULL));
