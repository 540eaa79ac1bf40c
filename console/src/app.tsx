import { Route, Router, Switch } from "wouter";
import { Layout } from "./layout";
import { SetPasswordPage } from "./pages/sign-in/set-password-page";
import { SignInPage } from "./pages/sign-in/sign-in-page";
import { SessionGate } from "./session/session-context";

export function App() {
  return (
    <Router base="/console">
      <Switch>
        <Route path="/set-password" component={SetPasswordPage} />
        <Route>
          <SessionGate signIn={(started, reason) => <SignInPage started={started} reason={reason} />}>
            <Layout />
          </SessionGate>
        </Route>
      </Switch>
    </Router>
  );
}
