-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "accessTokenEnc" TEXT,
ADD COLUMN     "consumerKeyEnc" TEXT,
ADD COLUMN     "consumerSecretEnc" TEXT,
ADD COLUMN     "prokipLocationId" TEXT,
ADD COLUMN     "scopes" TEXT,
ADD COLUMN     "webhookSecretEnc" TEXT;

-- CreateTable
CREATE TABLE "OAuthState" (
    "id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "clientAppId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "keyId" UUID,
    "shop" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OAuthState_state_key" ON "OAuthState"("state");

-- CreateIndex
CREATE INDEX "OAuthState_clientId_expiresAt_idx" ON "OAuthState"("clientId", "expiresAt");
