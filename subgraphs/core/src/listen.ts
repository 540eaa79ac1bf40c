import net from "node:net";
import { ConfigError } from "./config";

/**
 * The port a server was told to use is taken (or may not be bound by this user). A
 * configuration problem like any other: one line saying which setting to change, no stack.
 */
export class PortUnavailableError extends ConfigError {
  constructor(host: string, port: number, code: string | undefined) {
    super(
      code === "EACCES"
        ? `Port ${port} on ${host} needs privileges this user lacks; set PORT to a port above 1023`
        : `Port ${port} on ${host} is already in use; set PORT to another port`,
    );
  }
}

const unavailableCodes = new Set(["EADDRINUSE", "EACCES"]);

/**
 * Fails at once when `port` cannot be bound, so a start that would otherwise migrate and seed
 * for half a minute first and only then find the port taken stops before touching anything.
 * It binds and lets go; the real server binds moments later, and `listen` below still reports
 * the rare process that takes the port in between the same way. Port 0 is always free.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await listen(probe, host, port);
  await new Promise((resolve) => probe.close(resolve));
}

/** `server.listen` as a promise, with a taken port reported as a PortUnavailableError. */
export function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(unavailableCodes.has(error.code ?? "") ? new PortUnavailableError(host, port, error.code) : error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
