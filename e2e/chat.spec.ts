import type { Page } from "@playwright/test";
import { expect, test } from "./people";
import { screenshotPath } from "./screenshots";

async function createRoomAs(page: Page, name: string): Promise<string> {
  await page.goto("/");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page).toHaveURL(/\/room\/[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
  return page.url().split("/room/")[1] ?? "";
}

async function say(page: Page, text: string): Promise<void> {
  const box = page.getByLabel("Message");
  await box.fill(text);
  await box.press("Enter");
}

test("two people create, join by code, chat live, reload into history and leave", async ({ people }) => {
  const ana = await people.open();
  await ana.goto("/");
  await expect(ana.getByRole("button", { name: "Create room" })).toBeVisible();
  await ana.screenshot({ path: screenshotPath("screenshot-home.png") });

  const code = await createRoomAs(ana, "Ana");
  await expect(ana.getByRole("log")).toContainText("You joined the room");

  // Bob types the code in lower case and without dashes: codes are forgiving.
  const bob = await people.open();
  await bob.goto("/");
  await bob.getByLabel("Your name").fill("Bob");
  await bob.getByLabel("Room code").fill(code.replace(/-/g, "").toLowerCase());
  await bob.getByRole("button", { name: "Join room" }).click();
  await expect(bob).toHaveURL(new RegExp(`/room/${code}$`));

  await expect(ana.getByRole("log")).toContainText("Bob joined the room");
  await expect(ana.getByText("Bob", { exact: true }).first()).toBeVisible();

  await say(ana, "Hi Bob! <b>not bold</b>");
  await expect(bob.getByRole("log")).toContainText("Hi Bob! <b>not bold</b>");
  await expect(ana.getByLabel("Message")).toHaveValue("");

  // Shift+Enter makes a new line instead of sending.
  const box = bob.getByLabel("Message");
  await box.fill("Hello Ana");
  await box.press("Shift+Enter");
  await box.pressSequentially("second line");
  await expect(box).toHaveValue("Hello Ana\nsecond line");
  await bob.getByRole("button", { name: "Send" }).click();
  await expect(ana.getByRole("log")).toContainText("second line");
  await expect(bob.getByRole("log").locator("b")).toHaveCount(0);

  await ana.setViewportSize({ width: 1100, height: 700 });
  await ana.screenshot({ path: screenshotPath("screenshot-room.png") });

  // A reload shows the history, in order.
  await bob.reload();
  const log = bob.getByRole("log");
  await expect(log).toContainText("Hi Bob! <b>not bold</b>");
  await expect(log).toContainText("second line");
  const text = (await log.textContent()) ?? "";
  expect(text.indexOf("Hi Bob!")).toBeLessThan(text.indexOf("Hello Ana"));

  // Leaving is announced to the others and takes the leaver home.
  await bob.getByRole("button", { name: "Leave" }).click();
  await expect(bob).toHaveURL(/\/$/);
  await expect(ana.getByRole("log")).toContainText("Bob left the room");
});

test("the home form explains what is wrong, in place", async ({ people }) => {
  const page = await people.open();
  await page.goto("/");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByText(/enter (a|your) name/i)).toBeVisible();

  await page.getByLabel("Your name").fill("Cleo");
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByText(/room code/i).last()).toBeVisible();

  await page.getByLabel("Room code").fill("ZZZ-ZZZ-ZZZ");
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByText(/no room with that code/i)).toBeVisible();

  const host = await people.open();
  const code = await createRoomAs(host, "Cleo");
  await page.getByLabel("Room code").fill(code);
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByText(/already uses that name/i)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test("a shared link asks a newcomer for a name first; an unknown room gets a not-found page", async ({ people }) => {
  const host = await people.open();
  const code = await createRoomAs(host, "Host");

  const guest = await people.open();
  await guest.goto(`/room/${code}`);
  await guest.getByLabel("Your name").fill("Guest");
  await guest.getByRole("button", { name: "Join room" }).click();
  await expect(guest.getByRole("log")).toContainText("You joined the room");
  await expect(host.getByRole("log")).toContainText("Guest joined the room");

  const lost = await people.open();
  const response = await lost.goto("/room/ZZZ-ZZZ-ZZZ");
  expect(response?.status()).toBe(404);
  await expect(lost.getByText(/not found/i).first()).toBeVisible();
  await lost.getByRole("link", { name: /home|start|back/i }).first().click();
  await expect(lost).toHaveURL(/\/$/);
});
