import { catalogModule } from "./catalog/src/module";
import { clientsModule } from "./clients/src/module";
import type { SubgraphName } from "./core/src/config";
import type { AnyModuleDefinition } from "./core/src/module/definition";
import { integrationsModule } from "./integrations/src/module";
import { inventoryModule } from "./inventory/src/module";
import { ordersModule } from "./orders/src/module";

/**
 * Every module of the product, in composition order: the one place that names them. The
 * gateway, the worker and the tests loop over this; adding a module is a line here.
 */
export const moduleDefinitions: Record<SubgraphName, AnyModuleDefinition> = {
  clients: clientsModule,
  catalog: catalogModule,
  inventory: inventoryModule,
  orders: ordersModule,
  integrations: integrationsModule,
};

export const modules: readonly AnyModuleDefinition[] = Object.values(moduleDefinitions);
