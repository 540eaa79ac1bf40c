import type { Config } from "../../../core/src/config";
import type { SecretBox } from "../../../core/src/crypto/secret-box";
import type { Logger } from "../../../core/src/logger";

/** What the integration services need besides the database: settings, the secret box, a logger. */
export interface IntegrationDeps {
  config: Config;
  secretBox: SecretBox;
  log: Logger;
}
