import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A storefront on 127.0.0.1: answers each path with the status set for it (200 by default),
 * once the promise held for that path (a slow storefront) has settled.
 */
export interface Receiver {
  url: string;
  received: Received[];
  statusFor: Map<string, number>;
  holdFor: Map<string, Promise<unknown>>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const statusFor = new Map<string, number>();
  const holdFor = new Map<string, Promise<unknown>>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      void Promise.resolve(holdFor.get(path)).finally(() => {
        response.writeHead(statusFor.get(path) ?? 200, { "content-type": "text/plain" }).end("ok");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    statusFor,
    holdFor,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
