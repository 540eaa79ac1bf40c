import net from "node:net";

/**
 * A port that was free a moment ago, for a gateway that must know its own address before
 * it listens (OMNI_PUBLIC_URL goes into OAuth redirects and webhook addresses).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
