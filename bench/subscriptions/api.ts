import http from "node:http";

export interface Api {
  call(query: string, variables?: Record<string, unknown>): Promise<Record<string, { id: string }>>;
}

/**
 * GraphQL over HTTP with the tenant's keys. A new TCP connection per call: a kept-alive socket
 * that the busy gateway times out just as it is reused would fail a mutation with ECONNRESET.
 */
export function createApi(url: string, headers: Record<string, string>): Api {
  return {
    call: (query, variables = {}) =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify({ query, variables });
        const request = http.request(
          url,
          {
            method: "POST",
            agent: false,
            timeout: 30_000,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
              ...headers,
            },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => {
              try {
                const body = JSON.parse(text) as { data?: Record<string, { id: string }>; errors?: unknown[] };
                if (body.errors) reject(new Error(JSON.stringify(body.errors)));
                else resolve(body.data!);
              } catch {
                reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
              }
            });
            response.on("error", reject);
          },
        );
        request.on("timeout", () => request.destroy(new Error("request timed out after 30 s")));
        request.on("error", reject);
        request.end(payload);
      }),
  };
}
