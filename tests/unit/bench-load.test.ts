import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadRun } from "../../bench/lib/load";

/** A server answering 200 to everything: with `errors` beside partial data for every other request. */
async function serverAnswering(withErrors: boolean): Promise<{ server: Server; url: string }> {
  let answered = 0;
  const server = createServer((_request, response) => {
    answered++;
    const failed = withErrors && answered % 2 === 0;
    response.setHeader("content-type", "application/json");
    response.end(
      failed ? '{"errors":[{"message":"boom"}],"data":{"orders":null}}' : '{"data":{"orders":{"edges":[]}}}',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

const request = {
  headers: { "content-type": "application/json" },
  body: '{"query":"{ orders { edges { cursor } } }"}',
};
const settings = { connections: 2, durationSeconds: 1 };

describe("bench load runs", () => {
  it("count a 200 answer with GraphQL errors as a failure", async () => {
    const { server, url } = await serverAnswering(true);
    try {
      const run = await loadRun(url, request, settings, [process.pid]);
      expect(run.rps).toBeGreaterThan(0);
      expect(run.failures).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it("count none when every answer is whole", async () => {
    const { server, url } = await serverAnswering(false);
    try {
      const run = await loadRun(url, request, settings, [process.pid]);
      expect(run.rps).toBeGreaterThan(0);
      expect(run.failures).toBe(0);
    } finally {
      server.close();
    }
  });
});
