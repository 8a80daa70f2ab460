/**
 * Issue 18's awareness in a real browser: the unread count in the title while the tab is hidden,
 * the "New messages" divider on return, @-mention completion and highlight, and notifications.
 *
 * "Hidden" is emulated in the page: document.visibilityState is overridden and a visibilitychange
 * event dispatched (a second tab does not hide the first in headless Chromium, where every page
 * stays "visible"). Notifications are captured by an init script that wraps window.Notification;
 * the permission is granted through the browser context, as a person would grant it in the prompt.
 */
import type { Page } from "@playwright/test";
import { expect, test, type People } from "./people";

interface Shown {
  title: string;
  body: string | undefined;
}

declare global {
  interface Window {
    shownNotifications: Shown[];
  }
}

/** Records each notification the page shows (window.shownNotifications), then lets it show. */
async function captureNotifications(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    window.shownNotifications = [];
    const Real = window.Notification;
    if (Real === undefined) return;
    class Captured extends Real {
      constructor(title: string, options?: NotificationOptions) {
        window.shownNotifications.push({ title, body: options?.body });
        super(title, options);
      }
      static override get permission() {
        return Real.permission;
      }
      static override requestPermission = Real.requestPermission.bind(Real);
    }
    window.Notification = Captured;
  });
}

async function enter(people: People, name: string, code?: string, permissions: string[] = []): Promise<{ page: Page; code: string }> {
  const context = { viewport: { width: 1100, height: 760 }, permissions };
  return people.enter(name, code, { byLink: code !== undefined, context, prepare: captureNotifications });
}

const field = (page: Page) => page.getByRole("combobox", { name: "Message", exact: true });

async function say(page: Page, text: string): Promise<void> {
  await field(page).fill(text);
  await field(page).press("Enter");
}

async function setVisibility(page: Page, state: "hidden" | "visible"): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => value === "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}

const shown = (page: Page) => page.evaluate(() => window.shownNotifications);

test("a hidden tab counts new messages and notifies a mention; on return a divider marks the first unread", async ({ people }) => {
  const { page: ana, code } = await enter(people, "Ana", undefined, ["notifications"]);
  const { page: bob } = await enter(people, "Bob", code);
  await expect(ana).toHaveTitle(`${code} · Roomchat`);

  // Mentions: typing @ offers the people here; Enter picks, and the mention is highlighted for Ana.
  const bobField = field(bob);
  await bobField.fill("");
  await bobField.pressSequentially("@a");
  await expect(bobField).toHaveAttribute("aria-expanded", "true");
  await expect(bob.getByRole("listbox", { name: "People to mention" }).getByRole("option")).toHaveText(["@Ana"]);
  await expect(bobField).toHaveAttribute("aria-activedescendant", /.+/);
  await bobField.press("Enter");
  await expect(bobField).toHaveValue("@Ana ");
  await bobField.pressSequentially("welcome!");
  await bobField.press("Enter");
  const welcome = ana.getByRole("log").locator("[data-own]").filter({ hasText: "welcome!" });
  await expect(welcome.getByText("mentions you")).toBeVisible();
  await expect(bob.getByRole("log").locator("[data-own]").filter({ hasText: "welcome!" }).getByText("mentions you")).toHaveCount(0);

  // Notifications for mentions: the context granted permission, so the choice holds at once.
  await ana.getByRole("button", { name: "Notifications: Off" }).click();
  await ana.getByRole("radio", { name: "Mentions only" }).click();
  await expect(ana.getByRole("button", { name: "Notifications: Mentions only" })).toBeVisible();
  await ana.keyboard.press("Escape");

  await setVisibility(ana, "hidden");
  await say(bob, "plain news");
  await say(bob, "@ana are you there?");
  await expect(ana).toHaveTitle(`(2) ${code} · Roomchat`);
  await expect(ana.locator('link[rel~="icon"]').first()).toHaveAttribute("href", /^data:image\/svg\+xml,/);
  // Only the mention notifies (mentions only), titled by its author and the room.
  await expect.poll(() => shown(ana)).toEqual([{ title: `Bob · ${code}`, body: "@ana are you there?" }]);

  await setVisibility(ana, "visible");
  await expect(ana).toHaveTitle(`${code} · Roomchat`);
  await expect(ana.locator('link[rel~="icon"]').first()).not.toHaveAttribute("href", /^data:/);
  const divider = ana.getByRole("separator", { name: "New messages" });
  await expect(divider).toBeVisible();
  const order = await ana.getByRole("log").evaluate((log) => log.textContent ?? "");
  expect(order.indexOf("welcome!")).toBeLessThan(order.indexOf("New messages"));
  expect(order.indexOf("New messages")).toBeLessThan(order.indexOf("plain news"));

  // Nothing while the tab is visible, mention or not.
  await say(bob, "@Ana still there?");
  await expect(ana.getByRole("log")).toContainText("still there?");
  await expect(ana).toHaveTitle(`${code} · Roomchat`);
  expect(await shown(ana)).toHaveLength(1);

  // The choice is remembered for the room.
  await ana.reload();
  await expect(ana.getByRole("button", { name: "Notifications: Mentions only" })).toBeVisible();
});

test("all messages: every message from someone else notifies while hidden, truncated, none of your own", async ({ people }) => {
  const { page: ana, code } = await enter(people, "Ana", undefined, ["notifications"]);
  const { page: bob } = await enter(people, "Bob", code);
  await ana.getByRole("button", { name: "Notifications: Off" }).click();
  await ana.getByRole("radio", { name: "All messages" }).click();
  await expect(ana.getByRole("button", { name: "Notifications: All messages" })).toBeVisible();

  await setVisibility(ana, "hidden");
  await say(bob, `${"long ".repeat(40)}end`);
  await expect.poll(async () => (await shown(ana)).length).toBe(1);
  const [notification] = await shown(ana);
  expect(notification?.title).toBe(`Bob · ${code}`);
  expect(Array.from(notification?.body ?? "")).toHaveLength(100);
  expect(notification?.body?.endsWith("…")).toBe(true);
  await expect(ana).toHaveTitle(`(1) ${code} · Roomchat`);
});
