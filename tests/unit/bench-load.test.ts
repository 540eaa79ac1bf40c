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
  it.each([
    { answers: "a 200 answer with GraphQL errors", withErrors: true, failing: true },
    { answers: "only whole answers", withErrors: false, failing: false },
  ])("count failures when the server sends $answers", async ({ withErrors, failing }) => {
    const { server, url } = await serverAnswering(withErrors);
    try {
      const run = await loadRun(url, request, settings, [process.pid]);
      expect(run.rps).toBeGreaterThan(0);
      expect(run.failures > 0).toBe(failing);
    } finally {
      server.close();
    }
  });
});
