import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { IntegrationsLoaders } from "./loaders";
import type { IntegrationDeps } from "./services/deps";

export type IntegrationsContext = SubgraphContext<IntegrationsLoaders, "integrations">;

/** What the integration services take besides the database, out of a request's context. */
export const integrationDeps = (ctx: IntegrationsContext): IntegrationDeps => ({
  config: ctx.config,
  secretBox: ctx.secretBox,
  log: ctx.log,
});
