import type { Browser, Page } from "playwright-core";
import {
  acceptInvitation,
  buildConsole,
  consoleAccount,
  focused,
  launchBrowser,
  openPage,
  originOf,
  pageProblems,
  screenshot,
  signIn,
} from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";

let stack: TestStack;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  page = await openPage(browser);
  problems = pageProblems(page);
  // Deactivations ask first; the person here says yes.
  page.on("dialog", (dialog) => void dialog.accept());
});
afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

test("a wrong password is refused in words, and the console shows no page before sign-in", async () => {
  const operator = await consoleAccount(stack, { email: "wrong@ops.example", name: "Wrong", kind: "OPERATOR" });
  await page.goto(`${originOf(stack)}/console/platforms`);
  await page.getByLabel("Email").fill(operator.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectAlert(page, "Wrong email or password");
  expect(await page.getByRole("heading", { name: "Platforms" }).count()).toBe(0);
});

test("the operator signs in, creates a platform and sees its key once, then invites its admin", async () => {
  const operator = await consoleAccount(stack, { email: "ops@ops.example", name: "Olga Operator", kind: "OPERATOR" });
  await signIn(page, stack, operator.email, operator.password);
  await page.getByRole("heading", { name: "Platforms" }).waitFor();

  await page.getByLabel("Platform name").fill("Book Master");
  await page.getByRole("button", { name: "Create platform" }).click();
  const key = page.getByRole("textbox", { name: "Platform key of Book Master" });
  await key.waitFor();
  const platformKey = await key.inputValue();
  expect(platformKey).toMatch(/^\S{20,}$/);
  // The key opens the API as the platform: it is a real one.
  const response = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": platformKey },
    body: JSON.stringify({ query: "{ clients(first: 1) { totalCount } }" }),
  });
  expect(((await response.json()) as { data?: unknown }).data).toEqual({ clients: { totalCount: 0 } });
  await screenshot(page, "operator-platforms");

  // Once dismissed, the key is not on the page any more, and a reload does not bring it back.
  await page.getByRole("button", { name: "I have stored it" }).click();
  await page.reload();
  await page.getByRole("link", { name: "Book Master" }).waitFor();
  expect(await page.content()).not.toContain(platformKey);

  await page.getByRole("link", { name: "Book Master" }).click();
  await page.getByRole("heading", { name: "Platform keys" }).waitFor();
  await page.getByLabel("Admin email").fill("pat@bookmaster.example");
  await page.getByLabel("Admin name").fill("Pat Platform");
  await page.getByRole("button", { name: "Invite admin" }).click();
  const link = await page.getByRole("textbox", { name: "Set-password link for pat@bookmaster.example" }).inputValue();
  expect(link).toMatch(new RegExp(`^${originOf(stack)}/console/set-password\\?token=`));

  // The invited admin opens the link, sets a password and signs in to their platform.
  await acceptInvitation(browser, stack, {
    link,
    email: "pat@bookmaster.example",
    password: "a long enough password",
    header: "Pat Platform · Platform admin · Book Master",
  });
});

test("the operator deactivates a platform: its key is refused at once", async () => {
  const operator = await consoleAccount(stack, { email: "ops2@ops.example", name: "Otto", kind: "OPERATOR" });
  await signIn(page, stack, operator.email, operator.password);
  await page.getByLabel("Platform name").fill("Short Lived");
  await page.getByRole("button", { name: "Create platform" }).click();
  const platformKey = await page.getByRole("textbox", { name: "Platform key of Short Lived" }).inputValue();
  await page.getByRole("button", { name: "Deactivate Short Lived" }).click();
  await page.getByRole("button", { name: "Reactivate Short Lived" }).waitFor();
  const response = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": platformKey },
    body: JSON.stringify({ query: "{ clients(first: 1) { totalCount } }" }),
  });
  expect(response.status).toBe(403);
});

async function expectAlert(page: Page, text: string): Promise<void> {
  await page.getByRole("alert").filter({ hasText: text }).waitFor();
}

test("the console is usable by keyboard alone: sign in, skip to the content, follow a link, create a platform", async () => {
  const operator = await consoleAccount(stack, { email: "keys@ops.example", name: "Kay", kind: "OPERATOR" });
  await page.goto(`${originOf(stack)}/console/`);
  await page.getByLabel("Email").waitFor();
  await page.keyboard.press("Tab");
  await page.keyboard.type(operator.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(operator.password);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Platforms" }).waitFor();

  // Signed in, the focus is on the page's content: the next Tab is its first field.
  expect((await focused(page)).id).toBe("main");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Keyboard Co");
  await page.keyboard.press("Enter");
  await page.getByRole("textbox", { name: "Platform key of Keyboard Co" }).waitFor();

  // Following a link by keyboard puts the focus on the new page's content.
  await page.getByRole("link", { name: "Keyboard Co" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Platform keys" }).waitFor();
  expect((await focused(page)).id).toBe("main");
  expect(await page.title()).toBe("Platform · OmniStack Console");

  // On a fresh load the first Tab reaches the skip link, which leads past the navigation.
  await page.reload();
  await page.getByRole("heading", { name: "Platform keys" }).waitFor();
  await page.keyboard.press("Tab");
  expect((await focused(page)).text).toBe("Skip to content");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  expect((await focused(page)).inMain).toBe(true);
});
