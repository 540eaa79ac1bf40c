import { useEffect, useRef, useSyncExternalStore } from "react";

/**
 * Whether the subscription socket delivers events: "live" once the gateway acknowledges a
 * subscription (its `subscribed` pong), "reconnecting" from a close until the next
 * acknowledgement. A connected socket alone is not enough: events sent before the gateway
 * listens would be missed, and a page saying "Live" then would be wrong. One state for the
 * one socket the console opens.
 */
export type LiveState = "connecting" | "live" | "reconnecting";

let state: LiveState = "connecting";
const listeners = new Set<() => void>();

function set(next: LiveState) {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

/** graphql-ws client listeners that keep the state. */
export const liveConnectionEvents = {
  connecting: (isRetry: boolean) => set(isRetry ? "reconnecting" : "connecting"),
  pong: (_received: boolean, payload: unknown) => {
    if (payload && typeof payload === "object" && "subscribed" in payload) set("live");
  },
  closed: () => set(state === "live" ? "reconnecting" : state),
};

export const useLiveState = (): LiveState =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );

/**
 * Calls `onLiveAgain` each time the socket is live again after a drop: the events sent while it
 * was down are not replayed, so what a page shows must be read again.
 */
export function useOnLiveAgain(onLiveAgain: () => void) {
  const state = useLiveState();
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current === "reconnecting" && state === "live") onLiveAgain();
    previous.current = state;
  }, [state, onLiveAgain]);
}
