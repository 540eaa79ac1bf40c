import type { ModuleDefinition } from "../../core/src/module/definition";
import { createClientsLoaders, type ClientsLoaders } from "./loaders";
import { ApiKeyResolver } from "./schema/api-key.resolver";
import { AuditLogResolver } from "./schema/audit-log.resolver";
import { ClientAppResolver } from "./schema/client-app.resolver";
import { ClientResolver } from "./schema/client.resolver";
import { ConsoleAccountResolver } from "./schema/console-account.resolver";
import { FamilyAccountResolver } from "./schema/family-account.resolver";
import { PublishableKeyResolver } from "./schema/publishable-key.resolver";
import { PlatformKeyResolver } from "./schema/platform-key.resolver";
import { SettingsResolver } from "./schema/settings.resolver";
import { StaffAppResolver } from "./schema/staff-app.resolver";
import { UserResolver } from "./schema/user.resolver";
import { ViewerResolver } from "./schema/viewer.resolver";
import { pruneAuditLog } from "./services/audit-retention";
import {
  pruneConsoleSessions,
  pruneLoginThrottles,
  prunePasswordTokens,
  pruneRefreshTokens,
  signInRetentionMs,
} from "./services/sign-in-retention";
import { authRoutes } from "./routes/auth-routes";
import { authenticateKeys } from "./services/authenticate";
import { activePublishableOrigins } from "./services/publishable-keys";

/** Platforms (client apps), their tenants, keys, users, settings and the audit log. */
export const clientsModule: ModuleDefinition<ClientsLoaders, "clients"> = {
  name: "clients",
  resolvers: [
    ViewerResolver,
    ClientResolver,
    ClientAppResolver,
    ApiKeyResolver,
    PublishableKeyResolver,
    PlatformKeyResolver,
    UserResolver,
    FamilyAccountResolver,
    SettingsResolver,
    AuditLogResolver,
    StaffAppResolver,
    ConsoleAccountResolver,
  ],
  createLoaders: createClientsLoaders,
  referenceResolvers: {
    Client: (reference, ctx) => ctx.loaders.clientById.load(reference.id),
    User: (reference, ctx) => ctx.loaders.userById.load(reference.id),
  },
  credentials: (prisma, presented) => authenticateKeys(prisma, presented),
  routes: authRoutes,
  publishableOrigins: (prisma) => activePublishableOrigins(prisma),
  retention: [
    { name: "auditLogEntries", period: (settings) => settings.auditLogMs, prune: pruneAuditLog },
    { name: "refreshTokens", period: () => signInRetentionMs, prune: pruneRefreshTokens },
    { name: "passwordTokens", period: () => signInRetentionMs, prune: prunePasswordTokens },
    { name: "consoleSessions", period: () => signInRetentionMs, prune: pruneConsoleSessions },
    { name: "loginThrottles", period: () => 24 * 3600_000, prune: pruneLoginThrottles },
  ],
};
