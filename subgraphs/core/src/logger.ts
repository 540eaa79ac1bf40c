import pino, { type Logger } from "pino";

export type { Logger };

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
  'headers["authorization"]',
  'headers["x-shopify-access-token"]',
  'headers["x-api-key"]',
  'headers["client-x-api-key"]',
  'headers["x-admin-key"]',
  'headers["x-omni-context"]',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({ name: options.name ?? "omnistack", level: options.level ?? "info", redact });
}

/** For tests and tools that want no output. */
export const silentLogger: Logger = pino({ level: "silent" });
