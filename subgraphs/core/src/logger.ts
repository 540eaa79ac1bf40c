import pino, { type Logger } from "pino";

export type { Logger };

// Headers that carry keys, tokens or sessions.
const secretHeaders = [
  "authorization",
  "cookie",
  "x-csrf-token",
  "x-shopify-access-token",
  "x-api-key",
  "client-x-api-key",
  "x-admin-key",
  "x-omni-context",
];

// Keys and secrets never reach a log line, whatever object a caller hands over.
const redact = [
  "*.apiKey",
  "*.platformApiKey",
  "*.clientApiKey",
  "*.adminKey",
  "*.secret",
  "*.token",
  "*.internalSecret",
  "*.encryptionKey",
  "*.accessToken",
  "*.access_token",
  "*.consumerKey",
  "*.consumer_key",
  "*.consumerSecret",
  "*.consumer_secret",
  "*.clientSecret",
  "*.client_secret",
  "*.webhookSecret",
  "*.hmac",
  "*.authorization",
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.csrfToken",
  // Header names as they travel: in a headers object at the top, under `req`/`request`/an error
  // (one level down), or under an error's request (two levels down); and graphql-ws connectionParams.
  ...secretHeaders.flatMap((header) => [
    `headers["${header}"]`,
    `*.headers["${header}"]`,
    `*.*.headers["${header}"]`,
    `connectionParams["${header}"]`,
    `*.connectionParams["${header}"]`,
  ]),
];

export function createLogger(
  options: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const settings = { name: options.name ?? "omnistack", level: options.level ?? "info", redact };
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

/**
 * A logger for lines of one known shape whose only secrets are request headers under
 * `req.headers` (the request log's). pino's redaction walks every configured path on every
 * line, and the catch-all list above cost more per request than serving a cached answer.
 */
export function requestHeadersLogger(log: Logger): Logger {
  return log.child({}, { redact: secretHeaders.map((header) => `req.headers["${header}"]`) });
}

/** For tests and tools that want no output. */
export const silentLogger: Logger = pino({ level: "silent" });
