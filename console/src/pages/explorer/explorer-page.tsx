import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { useEffect, useMemo } from "react";
import { useSearch } from "wouter";
import { consoleSocket } from "../../api/client";
import { useSession } from "../../session/session-context";
import { apiSchema } from "./api-schema";
import { personalStorage } from "./personal-storage";

const firstQuery = `# The API as you: this explorer runs with your console session.
# Subscriptions (stockChanged, orderUpdated) run here too, over WebSocket.
query Me {
  __typename
}
`;

/**
 * GraphiQL from its npm package: it works offline, unlike Apollo Sandbox (which stays at
 * /graphql for online users), and signed in as the person using the console.
 */
export default function ExplorerPage() {
  const { session } = useSession();
  // A link can carry the operation to open: /console/explorer?query=…
  const linked = new URLSearchParams(useSearch()).get("query") ?? undefined;
  const ws = useMemo(() => consoleSocket(session.csrfToken), [session.csrfToken]);
  useEffect(() => () => void ws.dispose(), [ws]);
  const schema = useMemo(apiSchema, []);
  const person = session.person.accountId ?? session.person.userId ?? session.person.email;
  const storage = useMemo(() => personalStorage(person), [person]);
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: "/graphql",
        headers: { "x-csrf-token": session.csrfToken },
        wsClient: ws,
      }),
    [session.csrfToken, ws],
  );
  return (
    <div className="explorer">
      <h1 className="visually-hidden">API explorer</h1>
      <GraphiQL
        fetcher={fetcher}
        schema={schema}
        storage={storage}
        defaultQuery={firstQuery}
        initialQuery={linked}
        shouldPersistHeaders={false}
      />
    </div>
  );
}
