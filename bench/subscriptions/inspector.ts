import WebSocket from "ws";

/** Just enough of the inspector protocol to run a full GC and read the heap in the gateway. */
export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Record<string, unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown> };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? {});
      if (message.id !== undefined) this.pending.delete(message.id);
    });
  }

  static connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new Inspector(socket)));
      socket.once("error", reject);
    });
  }

  send(method: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
