import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createClientsLoaders, type ClientsLoaders } from "./loaders";
import { ApiKeyResolver } from "./schema/api-key.resolver";
import { AuditLogResolver } from "./schema/audit-log.resolver";
import { ClientAppResolver } from "./schema/client-app.resolver";
import { ClientResolver } from "./schema/client.resolver";
import { FamilyAccountResolver } from "./schema/family-account.resolver";
import { SettingsResolver } from "./schema/settings.resolver";
import { UserResolver } from "./schema/user.resolver";
import { ViewerResolver } from "./schema/viewer.resolver";

export const clientsSubgraph: SubgraphDefinition<ClientsLoaders> = {
  name: "clients",
  resolvers: [
    ViewerResolver,
    ClientResolver,
    ClientAppResolver,
    ApiKeyResolver,
    UserResolver,
    FamilyAccountResolver,
    SettingsResolver,
    AuditLogResolver,
  ],
  createLoaders: createClientsLoaders,
  referenceResolvers: {
    Client: (reference, ctx) => ctx.loaders.clientById.load(reference.id),
    User: (reference, ctx) => ctx.loaders.userById.load(reference.id),
  },
};
