import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** One person in their own browser context, in the room (a new one if no code is given). */
async function enter(browser: Browser, name: string, code?: string): Promise<{ page: Page; code: string }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(code === undefined ? "/" : `/room/${code}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: code === undefined ? "Create room" : "Join room" }).click();
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return { page, code: code ?? page.url().split("/room/")[1] ?? "" };
}

const field = (page: Page) => page.getByRole("combobox", { name: "Message", exact: true });

test("one person types, the other sees it above the composer, and it goes once the message is sent", async ({ browser }) => {
  const { page: ana, code } = await enter(browser, "Ana");
  const { page: bob } = await enter(browser, "Bob", code);
  await expect(ana.getByRole("log")).toContainText("Bob joined the room");

  await field(ana).pressSequentially("Hello Bo", { delay: 30 });
  const line = bob.getByText("Ana is typing…");
  await expect(line).toBeVisible();
  await expect(line).toHaveAttribute("aria-live", "polite");
  // Never shown to the typist.
  await expect(ana.getByText(/is typing…/)).toHaveCount(0);

  await field(ana).pressSequentially("b");
  await field(ana).press("Enter");
  await expect(bob.getByRole("log")).toContainText("Hello Bob");
  await expect(bob.getByText(/is typing…/)).toHaveCount(0);
});

test("two typists are named together, and clearing the field stops one", async ({ browser }) => {
  const { page: ana, code } = await enter(browser, "Ana");
  const { page: bob } = await enter(browser, "Bob", code);
  const { page: cara } = await enter(browser, "Cara", code);
  await field(ana).pressSequentially("again");
  await field(bob).pressSequentially("me too");
  await expect(cara.getByText("Ana and Bob are typing…")).toBeVisible();
  await field(bob).clear();
  await expect(cara.getByText("Ana is typing…")).toBeVisible();
});
