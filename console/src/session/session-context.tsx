import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Provider } from "urql";
import { consoleClient } from "../api/client";
import { currentSession, signOut as endSession, type Session } from "../api/session";

interface SessionState {
  session: Session;
  /** Ends the session on the gateway and returns to the sign-in page. */
  signOut: () => Promise<void>;
  /** Forgets a session the gateway has already ended (expired, signed out elsewhere). */
  ended: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside a signed-in page");
  return state;
}

type Loading =
  { state: "loading" } | { state: "signed-out"; reason?: string } | { state: "signed-in"; session: Session };

/**
 * Asks the gateway who is signed in once, then renders either the sign-in page (given a way to
 * start a session) or the signed-in console with its GraphQL client.
 */
export function SessionGate(props: {
  signIn: (started: (session: Session) => void, reason?: string) => ReactNode;
  children: ReactNode;
}) {
  const [current, setCurrent] = useState<Loading>({ state: "loading" });
  useEffect(() => {
    currentSession().then(
      (session) => setCurrent(session ? { state: "signed-in", session } : { state: "signed-out" }),
      (error: Error) => setCurrent({ state: "signed-out", reason: error.message }),
    );
  }, []);
  const ended = useCallback(
    () => setCurrent({ state: "signed-out", reason: "Your session has ended: sign in again." }),
    [],
  );
  if (current.state === "loading") return <p className="loading">Loading…</p>;
  if (current.state === "signed-out")
    return props.signIn((session) => setCurrent({ state: "signed-in", session }), current.reason);
  return (
    <SignedIn session={current.session} ended={ended} signedOut={() => setCurrent({ state: "signed-out" })}>
      {props.children}
    </SignedIn>
  );
}

function SignedIn(props: { session: Session; ended: () => void; signedOut: () => void; children: ReactNode }) {
  const { session, ended, signedOut } = props;
  const api = useMemo(() => consoleClient(session.csrfToken, ended), [session.csrfToken, ended]);
  useEffect(() => api.close, [api]);
  const state = useMemo<SessionState>(
    () => ({
      session,
      ended,
      signOut: async () => {
        await endSession(session.csrfToken).catch(() => undefined);
        signedOut();
      },
    }),
    [session, ended, signedOut],
  );
  return (
    <SessionContext.Provider value={state}>
      <Provider value={api.client}>{props.children}</Provider>
    </SessionContext.Provider>
  );
}
