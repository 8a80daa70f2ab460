/**
 * People in the browser tests, entering rooms as users do. `test` here is Playwright's, with a
 * `people` fixture: each person gets a browser context of their own, and every context a test opened
 * is closed when it ends. A page left open keeps reconnecting and animating, and slowed the specs
 * that ran after it (scroll-performance.spec.ts measures long tasks).
 */
import { expect, test as base, type BrowserContextOptions, type Page } from "@playwright/test";

export { expect };

export interface EnterOptions {
  /** Join through the room's link (/room/CODE asks for a name) rather than typing the code on the home form. */
  byLink?: boolean;
  /** The app's address when it is not the configured baseURL (a server a spec starts itself). */
  origin?: string;
}

/**
 * `page` enters a room as `name`: a new room without a code, else the room `code`. Resolves with the
 * room's code once the page says "You joined the room".
 */
export async function enterRoom(page: Page, name: string, code?: string, { byLink = false, origin = "" }: EnterOptions = {}): Promise<string> {
  await page.goto(code !== undefined && byLink ? `${origin}/room/${code}` : `${origin}/`);
  await page.getByLabel("Your name").fill(name);
  if (code !== undefined && !byLink) await page.getByLabel("Room code").fill(code);
  await page.getByRole("button", { name: code === undefined ? "Create room" : "Join room" }).click();
  await expect(page).toHaveURL(/\/room\/.+$/);
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return code ?? new URL(page.url()).pathname.split("/room/")[1] ?? "";
}

export interface PersonOptions extends EnterOptions {
  /** For the person's browser context: a viewport, granted permissions, bypassCSP. */
  context?: BrowserContextOptions;
  /** Runs on the new page before it opens the app (an init script, a fixed clock). */
  prepare?: (page: Page) => Promise<void>;
}

export interface People {
  /** A new person's page, in a context of their own, on no page yet. */
  open(options?: BrowserContextOptions): Promise<Page>;
  /** A new person who creates a room (no `code`) or joins the room `code`. */
  enter(name: string, code?: string, options?: PersonOptions): Promise<{ page: Page; code: string }>;
}

export const test = base.extend<{ people: People }>({
  // `provide` is the fixture's `use` (named so that the React hooks lint rule does not take it for React's).
  people: async ({ browser }, provide) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    const open = async (options: BrowserContextOptions = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    };
    await provide({
      open,
      enter: async (name, code, { context, prepare, ...entering } = {}) => {
        const page = await open(context);
        await prepare?.(page);
        return { page, code: await enterRoom(page, name, code, entering) };
      },
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
