import http from "node:http";
import https from "node:https";
import type { Express } from "express";

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * The app's request and response prototypes as classes Node builds each request with.
 * Express otherwise swaps every request's and response's prototype as it enters the app
 * (`Object.setPrototypeOf`), and V8 then leaves its fast paths for every property read of
 * those objects afterwards. Born with the app's prototypes, the swap is a no-op: a bare
 * Express handler took 45–48 µs of CPU per request here against 138–154 µs swapped (bare
 * `node:http`: 27–33 µs), and a cached storefront answer was mostly Express's own work.
 */
function prototypeClasses(app: Express) {
  class AppRequest extends http.IncomingMessage {}
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  app.request = AppRequest.prototype as unknown as Express["request"];
  class AppResponse extends http.ServerResponse<AppRequest> {}
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.response = AppResponse.prototype as unknown as Express["response"];
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse };
}

/** An HTTP server for `app`, or HTTPS (TLS 1.3 only) with `tls`. */
export function expressServer(app: Express, tls?: TlsFiles): http.Server {
  const classes = prototypeClasses(app);
  return tls ? https.createServer({ ...tls, minVersion: "TLSv1.3", ...classes }, app) : http.createServer(classes, app);
}
