import { parentPort, workerData } from "node:worker_threads";
import type { Mode } from "./options";
import { Subscribers, type SubscriberTarget } from "./subscribers";

/** What the pool gives a thread: its share of the bench's subscribers. */
export interface ThreadShare {
  n: number;
  first: number;
  mode: Mode;
  target: SubscriberTarget;
  inFlight: number;
}

/** The counters the pool sums across threads, sent whenever they change. */
export type Tally = Pick<
  Subscribers,
  "delivered" | "duplicates" | "unexpected" | "missingName" | "warmedUp" | "connected" | "refused" | "closed" | "errors"
> & { closes: [number, number][] };

export type Command =
  | { id: number; op: "connect" | "close" | "latencies" }
  | { id: number; op: "expect" | "lost"; values: number[] }
  | { id: number; op: "expectWarmup"; value: number };

function tallyOf(subscribers: Subscribers): Tally {
  const { delivered, duplicates, unexpected, missingName, warmedUp, connected, refused, closed, errors } = subscribers;
  return {
    delivered,
    duplicates,
    unexpected,
    missingName,
    warmedUp,
    connected,
    refused,
    closed,
    errors,
    closes: [...subscribers.closes],
  };
}

// One thread's share of the subscribers, driven by the pool's commands: a thread busy with
// the frames of its own sockets does not delay the frames of the others'.
const share = workerData as ThreadShare;
const port = parentPort!;
const subscribers = new Subscribers(share.n, share.mode, share.target, share.first);

let lastTally = "";
const sendTally = () => {
  const tally = tallyOf(subscribers);
  const text = JSON.stringify(tally);
  if (text === lastTally) return;
  lastTally = text;
  port.postMessage({ tally });
};
// Often enough for the pool's 20 ms polls; each tick it costs one stringify of a dozen counters.
const ticker = setInterval(sendTally, 20);

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case "connect":
      return subscribers.connect(share.inFlight);
    case "expect":
      return subscribers.expect(command.values);
    case "expectWarmup":
      return subscribers.expectWarmup(command.value);
    case "lost":
      return subscribers.lost(command.values);
    case "latencies":
      return subscribers.latencies;
    case "close": {
      const unclosed = await subscribers.close();
      clearInterval(ticker);
      return unclosed;
    }
  }
}

port.on("message", (command: Command) => {
  void run(command).then((result) => {
    sendTally();
    port.postMessage({ id: command.id, result });
  });
});
