import { useLiveState } from "../../api/live-connection";

const words = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" } as const;

/** Whether the page's live feed is receiving, in words and colour. */
export function LiveIndicator() {
  const state = useLiveState();
  return (
    <span className={`live-indicator ${state}`} role="status" aria-label={`Live updates: ${words[state]}`}>
      <span className="live-dot" aria-hidden="true" />
      {words[state]}
    </span>
  );
}
