import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import type { TestStack } from "./stack";
import type { Tenant } from "./tenants";
import { testSecrets } from "./stack";

/** Debian's chromium (`apt-get install chromium`; `.ci/run` installs it), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Headless as root, with nothing reaching out to Google's hosts (refused on these machines).
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const repository = path.join(__dirname, "..", "..");

/** Where the suite writes a screenshot of each main page (the README shows two of them). */
export const screenshotDir = process.env.OMNI_SCREENSHOT_DIR ?? path.join(repository, ".data", "console-screenshots");

/** The console's production build, made by `npm ci`; rebuilt here only if the sources changed since. */
export async function buildConsole(): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(repository, "console", "build.js")], { cwd: repository });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/**
 * A new page (its own context: no cookies shared with other pages) at a laptop's size unless
 * told otherwise. Waits get 60 s rather than Playwright's 30: a busy 2-core machine building
 * GraphiQL's editor in a browser beside a gateway can take that long, and a wait ends as soon
 * as its condition holds.
 */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(60_000);
  return page;
}

/** The gateway's origin, where the console lives under /console. */
export const originOf = (stack: TestStack): string => stack.gateway.url.replace(/\/graphql$/, "");

/**
 * A console account created as an operator would (`createConsoleAccount` with the operator
 * key), its password set through the single-use token like the invited person would.
 */
export async function consoleAccount(
  stack: TestStack,
  input: { email: string; name: string; kind: "OPERATOR" | "PLATFORM_ADMIN"; clientAppId?: string },
  password = "correct horse battery staple",
): Promise<{ email: string; password: string }> {
  const { createConsoleAccount } = await stack.http.with({ "x-admin-key": testSecrets.adminKey }).data<{
    createConsoleAccount: { setPasswordToken: { token: string } };
  }>(
    `mutation ($input: CreateConsoleAccountInput!) {
      createConsoleAccount(input: $input) { setPasswordToken { token } }
    }`,
    { input },
  );
  const response = await fetch(`${originOf(stack)}/auth/set-password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: createConsoleAccount.setPasswordToken.token, password }),
  });
  if (response.status !== 204) throw new Error(`set-password answered ${response.status}: ${await response.text()}`);
  return { email: input.email, password };
}

/** Signs in through the console's own form, as a person would. */
export async function signIn(page: Page, stack: TestStack, email: string, password: string): Promise<void> {
  await page.goto(`${originOf(stack)}/console/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** A full-page screenshot under `screenshotDir`, named for the page it shows. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Collects what the page reports going wrong (uncaught exceptions, console errors such as a
 * refused Content-Security-Policy) and any request leaving this machine (the console must work
 * offline): a test ends by expecting this list empty. HTTP error
 * statuses are left out: the API answers them by design (401 before sign-in), and the page
 * shows them in words, which the tests read.
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  // The console works offline: every request stays on the gateway's origin.
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && !["127.0.0.1", "localhost"].includes(url.hostname))
      problems.push(`request elsewhere: ${request.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/**
 * A tenant's staff member with a password, made the way a tenant admin would: `createUser`
 * with the role, then `issuePasswordToken` and the set-password route.
 */
export async function staffAccount(
  stack: TestStack,
  tenant: Tenant,
  input: { email: string; name: string; role: "OWNER" | "ADMIN" | "MANAGER" | "STAFF" },
  password = "correct horse battery staple",
): Promise<{ email: string; password: string; userId: string }> {
  const { createUser } = await tenant.api.data<{ createUser: { id: string } }>(
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    { input },
  );
  const { issuePasswordToken } = await tenant.api.data<{ issuePasswordToken: { token: string } }>(
    `mutation ($userId: ID!) { issuePasswordToken(userId: $userId) { token } }`,
    { userId: createUser.id },
  );
  const response = await fetch(`${originOf(stack)}/auth/set-password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: issuePasswordToken.token, password }),
  });
  if (response.status !== 204) throw new Error(`set-password answered ${response.status}: ${await response.text()}`);
  return { email: input.email, password, userId: createUser.id };
}

/**
 * The invited person: opens the set-password link in a browser of their own, sets the
 * password, signs in and waits for the header to name them as `header` says. Fails on any
 * problem their page reports.
 */
export async function acceptInvitation(
  browser: Browser,
  stack: TestStack,
  invitation: { link: string; email: string; password: string; header: string },
): Promise<void> {
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await page.goto(invitation.link);
  await page.getByLabel("New password").fill(invitation.password);
  await page.getByLabel("Repeat the password").fill(invitation.password);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByText("Your password is set.").waitFor();
  await signIn(page, stack, invitation.email, invitation.password);
  await page.getByText(invitation.header).waitFor();
  await page.close();
  if (problems.length > 0) throw new Error(`The invited person's page reported: ${problems.join("; ")}`);
}

/** What has the keyboard focus: its id, its text, and whether it is in the page's content. */
export function focused(page: Page): Promise<{ id: string; text: string; inMain: boolean }> {
  // A string, evaluated in the page: the tests' TypeScript has no DOM types.
  return page.evaluate(`(() => {
    const element = document.activeElement;
    return { id: element?.id ?? "", text: element?.textContent ?? "", inMain: Boolean(element?.closest("main")) };
  })()`);
}
