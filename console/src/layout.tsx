import { Suspense, useEffect, useRef } from "react";
import { Link, matchRoute, Redirect, Route, Switch, useLocation, useRouter } from "wouter";
import { useSession } from "./session/session-context";
import { consolePages } from "./pages";
import { offeredTo, reachableBy } from "./pages/console-page";

const levelNames = { OPERATOR: "Operator", PLATFORM_ADMIN: "Platform admin", TENANT_STAFF: "Staff" } as const;

/** The signed-in console: who is signed in, the pages of their level, and the page shown. */
export function Layout() {
  const { session, signOut } = useSession();
  const { person } = session;
  const [location] = useLocation();
  // A role's missing permission is the API's to say, in words, on the page itself: the
  // navigation leaves such pages out, but their addresses still open them.
  const pages = consolePages.filter((page) => reachableBy(page, person));
  const navigable = consolePages.filter((page) => offeredTo(page, person));
  const where = person.clientName ?? person.clientAppName;
  // A new page takes the focus, so that keyboard and screen reader users start at its content
  // rather than on the link they followed; the first page leaves the focus where it is.
  const main = useRef<HTMLElement>(null);
  const shown = useRef(location);
  const { parser } = useRouter();
  const title = pages.find((page) => matchRoute(parser, page.path, location)[0])?.title;
  useEffect(() => {
    if (shown.current !== location) main.current?.focus();
    shown.current = location;
  }, [location]);
  // The browser's tab and history name the page, as a screen reader announces it.
  useEffect(() => {
    document.title = title ? `${title} · OmniStack Console` : "OmniStack Console";
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">OmniStack Console</span>
        <span className="who">
          {person.name} · {levelNames[person.level]}
          {person.role && ` (${person.role.toLowerCase()})`}
          {where && ` · ${where}`}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <div className="shell">
        <nav className="side-nav" aria-label="Console sections">
          <ul>
            {navigable.map((page) => (
              <li key={page.path}>
                <Link href={page.path} aria-current={location === page.path ? "page" : undefined}>
                  {page.title}
                </Link>
              </li>
            ))}
          </ul>
          {/* Served by the gateway outside the console (Swagger UI over the OpenAPI document). */}
          <p className="side-nav-footer">
            <a href="/api/v1/docs">REST API reference</a>
          </p>
        </nav>
        <main id="main" tabIndex={-1} ref={main}>
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <Switch>
              {pages.map((page) => (
                <Route key={page.path} path={page.path} component={page.component} />
              ))}
              <Route>
                {navigable[0] ? <Redirect to={navigable[0].path} /> : <p>Nothing to show for this account.</p>}
              </Route>
            </Switch>
          </Suspense>
        </main>
      </div>
    </>
  );
}
