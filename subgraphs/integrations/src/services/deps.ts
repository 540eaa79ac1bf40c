import type { ModuleDeps } from "../../../core/src/module/definition";

/** What the integration services need besides the database: settings, the secret box, a logger. */
export type IntegrationDeps = ModuleDeps;
