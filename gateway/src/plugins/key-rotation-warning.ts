import type { ApolloServerPlugin } from "@apollo/server";
import type { KeyMaxAgeSettings } from "../../../subgraphs/core/src/config";
import { keyRotationWarnings, type KeyRotationWarning } from "../auth/key-age";
import type { GatewayContext } from "../context";

/**
 * A key older than OMNI_KEY_MAX_AGE_DAYS still works, but every answer says it is due for
 * rotation twice: in `extensions.warnings`, for code that reads the body, and in an HTTP
 * `Warning: 299` header (the form Kubernetes uses for the same purpose), for proxies, logs
 * and SDKs that surface response headers. Refusal past the hard limit is the Authenticator's.
 */
export function keyRotationWarningPlugin(settings: KeyMaxAgeSettings): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (settings.warnDays === undefined || !contextValue.keysCreatedAt?.length) return;
          const warnings = keyRotationWarnings(contextValue.keysCreatedAt, settings);
          if (warnings.length === 0) return;
          response.http.headers.set("warning", warningHeader(warnings));
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, warnings };
        },
      };
    },
  };
}

/** The `Warning` header of an answer carrying these rotation warnings. */
export function warningHeader(warnings: readonly KeyRotationWarning[]): string {
  // A quoted-string may not hold a bare quote or backslash; our messages have none, but stay safe.
  return warnings.map((warning) => `299 - "${warning.message.replace(/["\\]/g, "'")}"`).join(", ");
}
