import type { Page } from "@playwright/test";
import { expect, test } from "./people";

// Two people entering rooms on a 2-core machine shared with other work: more than the 30 s default.
test.describe.configure({ timeout: 60_000 });

const ROOM_URL = /\/room\/[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/;

async function createRoomAs(page: Page, name: string): Promise<string> {
  await page.goto("/");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page).toHaveURL(ROOM_URL);
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return page.url().split("/room/")[1] ?? "";
}

test("Enter in the name field with a code typed joins that room, and the form says so first", async ({ people }) => {
  const host = await people.open();
  const code = await createRoomAs(host, "Host");

  const guest = await people.open();
  await guest.goto("/");
  const name = guest.getByLabel("Your name");
  await expect(name).toBeFocused();
  await expect(guest.getByText(/enter creates a new room/i)).toBeVisible();
  await guest.getByLabel("Room code").fill(code);
  await expect(guest.getByText(/enter joins the room/i)).toBeVisible();
  await name.fill("Guest");
  await name.press("Enter");

  await expect(guest).toHaveURL(new RegExp(`/room/${code}$`));
  await expect(host.getByRole("log")).toContainText("Guest joined the room");
});

test("focus is in the message box after creating and after joining; the skip link leads there", async ({ people }) => {
  const ana = await people.open();
  const code = await createRoomAs(ana, "Ana");
  await expect(ana.getByLabel("Message")).toBeFocused();

  const bob = await people.open();
  await bob.goto("/");
  await bob.getByLabel("Your name").fill("Bob");
  await bob.getByLabel("Room code").fill(code);
  await bob.getByRole("button", { name: "Join room" }).click();
  await expect(bob.getByRole("log")).toContainText("You joined the room");
  await expect(bob.getByLabel("Message")).toBeFocused();

  // The skip link is the page's first stop for the keyboard, hidden until focused.
  const skip = ana.getByRole("link", { name: "Skip to message box" });
  const firstStop = await ana.evaluate(() => document.querySelector("a[href], button, input, textarea, select")?.textContent);
  expect(firstStop).toBe("Skip to message box");
  expect((await skip.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
  await skip.focus();
  expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(50);
  await expect(ana.getByLabel("Message")).not.toBeFocused();
  await skip.press("Enter");
  await expect(ana.getByLabel("Message")).toBeFocused();
});

test("the copy-by-hand link closes with Escape and with a click outside it", async ({ people }) => {
  const page = await people.open();
  // A clipboard that refuses, as on a plain-http address on the network (README: HOSTNAME=0.0.0.0).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new DOMException("blocked", "NotAllowedError")) } });
  });
  await createRoomAs(page, "Dee");
  const copy = page.getByRole("banner").getByRole("button", { name: "Copy invite link" });
  const fallback = page.getByLabel(/copy this link/i);

  await copy.click();
  await expect(fallback).toBeVisible();
  await expect(fallback).toBeFocused();
  await expect(fallback).toHaveValue(new RegExp(`/room/${page.url().split("/room/")[1]}$`));
  await page.keyboard.press("Escape");
  await expect(fallback).toHaveCount(0);
  await expect(copy).toBeFocused();

  await copy.click();
  await expect(fallback).toBeVisible();
  await fallback.click();
  await expect(fallback).toBeVisible();
  await page.getByRole("log").click({ position: { x: 5, y: 5 } });
  await expect(fallback).toHaveCount(0);
});

test("at 320 px the header shows the whole room code and nothing in it is cut off", async ({ people }) => {
  const page = await people.open({ viewport: { width: 320, height: 640 } });
  const code = await createRoomAs(page, "Eve");
  const header = page.getByRole("banner");
  const heading = header.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(`Room ${code}`);

  const fits = await header.evaluate((element) => {
    const cut = (node: Element) => node.scrollWidth > node.clientWidth;
    const items = [...element.querySelectorAll("h1, button, a:not(.sr-only)")];
    return {
      headerCut: cut(element),
      headingCut: cut(element.querySelector("h1") as Element),
      outside: items.filter((node) => {
        const box = node.getBoundingClientRect();
        return box.width > 0 && (box.left < 0 || box.right > window.innerWidth);
      }).length,
      pageCut: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  expect(fits).toEqual({ headerCut: false, headingCut: false, outside: 0, pageCut: false });
});

test("an empty room offers the link, its QR code and the share sheet where there is one", async ({ people }) => {
  const page = await people.open();
  // Chromium on Linux has no share sheet: this stands in for a phone's and records what it is given.
  await page.addInitScript(() => {
    const shared: ShareData[] = [];
    Object.assign(window, { shared });
    Object.defineProperty(navigator, "share", { value: (data: ShareData) => Promise.resolve(void shared.push(data)) });
  });
  const code = await createRoomAs(page, "Fay");

  await expect(page.getByText(/share the link/i)).toBeVisible();
  await expect(page.getByRole("main").getByRole("button", { name: "Copy invite link" })).toBeVisible();
  await expect(page.getByRole("img", { name: `QR code of the invite link ${page.url()}` })).toBeVisible();
  await page.getByRole("button", { name: "Share…" }).click();
  const shared = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
  expect(shared).toEqual([expect.objectContaining({ url: page.url() })]);
  expect(page.url()).toContain(code);

  // The first message replaces the invite.
  await page.getByLabel("Message").fill("hello");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByText(/share the link/i)).toHaveCount(0);

  // Without a share sheet there is no Share button.
  const other = await people.open();
  await createRoomAs(other, "Gus");
  await expect(other.getByRole("img", { name: /QR code of the invite link/ })).toBeVisible();
  await expect(other.getByRole("button", { name: "Share…" })).toHaveCount(0);
});
