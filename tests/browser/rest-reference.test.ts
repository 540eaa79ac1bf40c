import type { Browser, Page } from "playwright-core";
import {
  buildConsole,
  launchBrowser,
  openPage,
  originOf,
  pageProblems,
  screenshot,
  signIn,
  staffAccount,
} from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * pageProblems, plus any Content-Security-Policy report of whatever level (Chromium reports a
 * refused script, style or request as a console message) and any request the policy blocked.
 */
function referenceProblems(page: Page): string[] {
  const problems = pageProblems(page);
  page.on("console", (message) => {
    if (message.type() !== "error" && /Content Security Policy/i.test(message.text()))
      problems.push(`csp: ${message.text()}`);
  });
  // Leaving a page aborts what it still had in flight (the console's socket): not a failure.
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText;
    if (reason !== "net::ERR_ABORTED") problems.push(`failed: ${request.url()} ${reason}`);
  });
  return problems;
}

/** An operation's summary line in Swagger UI, by method and by how its path ends. */
const operation = (page: Page, method: string, pathEnd: string) =>
  page.locator(`.opblock-${method} .opblock-summary-path[data-path$="${pathEnd}"]`).first();

test("the REST reference renders the API's operations from the served document, runs one, and nothing leaves the machine", async () => {
  const page = await openPage(browser);
  const problems = referenceProblems(page);
  const response = await page.goto(`${originOf(stack)}/api/v1/docs`);
  expect(response?.status()).toBe(200);
  expect(await page.title()).toBe("OmniStack Gateway REST API reference");

  // Swagger UI has read /api/v1/openapi.json: the seeds' own routes are listed.
  await operation(page, "get", "/batches").waitFor();
  await operation(page, "post", "/users").waitFor();

  // "Try it out" is on: an operation opens ready to execute, and the call goes to this gateway.
  await operation(page, "get", "/me").click();
  const opened = page.locator(".opblock.is-open").first();
  const executed = page.waitForResponse((reply) => new URL(reply.url()).pathname.endsWith("/api/v1/me"));
  await opened.getByRole("button", { name: "Execute" }).click();
  const reply = await executed;
  expect(new URL(reply.url()).origin).toBe(originOf(stack));
  // No key sent: the gateway's answer is shown, whatever it is, in Swagger UI's response table.
  await opened.locator(".responses-wrapper .live-responses-table .response-col_status").first().waitFor();
  await screenshot(page, "rest-reference");

  await page.close();
  expect(problems).toEqual([]);
});

test("the console links to the REST reference", async () => {
  const tenant = await createTenant(stack.http);
  const staff = await staffAccount(stack, tenant, { email: "dev@reference.example", name: "Dev", role: "OWNER" });
  const page = await openPage(browser);
  const problems = referenceProblems(page);
  await signIn(page, stack, staff.email, staff.password);
  await page.getByRole("link", { name: "REST API reference" }).click();
  await page.waitForURL(`${originOf(stack)}/api/v1/docs`);
  await operation(page, "get", "/batches").waitFor();
  // And back: the reference's header leads to the console, still signed in.
  await page.getByRole("link", { name: "Console", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await page.close();
  expect(problems).toEqual([]);
});

test("the page's policy is in force: inline script and style are refused, and the refusal is reported", async () => {
  const page = await openPage(browser);
  const problems = referenceProblems(page);
  await page.goto(`${originOf(stack)}/api/v1/docs`);
  await operation(page, "get", "/batches").waitFor();
  // A string, evaluated in the page: the tests' TypeScript has no DOM types.
  await page.evaluate(`(() => {
    const style = document.createElement("style");
    style.textContent = "body { background: red }";
    document.head.append(style);
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.append(script);
  })()`);
  // Chromium's wording changes between versions ("Refused to apply…", "Applying … violates…").
  await waitFor(async () => problems.length >= 2, 30_000, "the refusals reported");
  expect(problems.join("\n")).toMatch(/inline style.*Content Security Policy.*style-src/);
  expect(problems.join("\n")).toMatch(/inline script.*Content Security Policy.*script-src/);
  expect(await page.evaluate("window.injected")).toBeUndefined();
  await page.close();
});
