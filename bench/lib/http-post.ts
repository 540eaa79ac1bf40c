import http from "node:http";

export interface PostResponse {
  status: number;
  body: string;
}

/**
 * POSTs over kept-alive connections with Node's own HTTP client. A bench's load shares the
 * two cores with the server it measures: `fetch` (undici's whole Fetch API: Headers, streams,
 * Response objects) cost the webhook bench 1.2 ms of client CPU per delivery, nearly the
 * gateway's own 1.7 ms, and so halved the rate the server could show.
 */
export class KeptAliveClient {
  private readonly agent: http.Agent;

  constructor(connections: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  post(url: URL, headers: Record<string, string>, body: string): Promise<PostResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { method: "POST", agent: this.agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
