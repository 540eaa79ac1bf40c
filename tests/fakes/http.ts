import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseJson64, stringifyJson64 } from "./json";

/** One request a fake store received, kept for the test to assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (integers beyond 2^53 as bigint), or the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

export interface FakeReply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** A store stand-in on 127.0.0.1 and a free port that records every request it answers. */
export async function startFakeServer(handle: FakeHandler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      if (text) {
        try {
          body = parseJson64(text);
        } catch {
          body = text;
        }
      }
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(request);
      Promise.resolve(handle(request))
        .catch((error: unknown): FakeReply => ({ status: 500, json: { error: String(error) } }))
        .then((reply) => {
          res.writeHead(reply.status, {
            ...(reply.json !== undefined && { "content-type": "application/json; charset=utf-8" }),
            ...reply.headers,
          });
          res.end(reply.json === undefined ? undefined : stringifyJson64(reply.json));
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const notFound = (request: RecordedRequest): FakeReply => ({
  status: 404,
  json: { errors: `Not Found: ${request.method} ${request.path}` },
});

export function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
