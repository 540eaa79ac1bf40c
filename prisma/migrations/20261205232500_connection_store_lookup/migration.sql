-- CreateIndex
CREATE INDEX "Connection_platform_storeUrl_idx" ON "Connection"("platform", "storeUrl");
