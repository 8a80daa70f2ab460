/**
 * A room's owner in the browser (issue 19): the creator's lifetime and passphrase, the owner badge,
 * kicking and letting back in, locking, the passphrase page, ending the room. Every person is a
 * browser context of their own, so each has its own member token, owner key and passphrase.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test, type People } from "./people";
import { screenshotPath } from "./screenshots";

const DESKTOP = { viewport: { width: 1100, height: 760 } };

/** Creates a room from the home form with the options the creator picked; resolves with its code. */
async function createRoom(people: People, name: string, { lifetime, passphrase }: { lifetime?: string; passphrase?: string } = {}): Promise<{ page: Page; code: string }> {
  const page = await people.open(DESKTOP);
  await page.goto("/");
  await page.getByLabel("Your name").fill(name);
  if (lifetime !== undefined) await page.getByLabel("Delete the room after").selectOption({ label: lifetime });
  if (passphrase !== undefined) await page.getByLabel("Passphrase (optional)").fill(passphrase);
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return { page, code: new URL(page.url()).pathname.split("/room/")[1] ?? "" };
}

const members = (page: Page) => page.getByRole("complementary", { name: /Here now/ });

async function openRoomMenu(page: Page) {
  await page.getByRole("button", { name: "Room menu" }).click();
  return page.getByRole("dialog");
}

async function memberAction(page: Page, name: string, action: "Remove from room" | "Make owner") {
  await members(page).getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test("the creator's lifetime shows in the room, and everyone sees who owns it", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana", { lifetime: "1 day" });
  await expect(members(ana)).toContainText("This room and its history are deleted 1 day after the last message");
  const { page: bob } = await people.enter("Bob", code, { context: DESKTOP });
  await expect(members(bob).getByRole("listitem").filter({ hasText: "Ana" })).toContainText("owner");
  await expect(members(bob).getByRole("listitem").filter({ hasText: "Bob" })).not.toContainText("owner");
  // Only the owner has controls over members.
  await expect(members(bob).getByRole("button", { name: "Actions for Ana" })).toHaveCount(0);

  const menu = await openRoomMenu(ana);
  await menu.getByLabel("Delete the room after").selectOption({ label: "30 days" });
  await expect(bob.getByRole("log")).toContainText("Ana changed the room's lifetime to 30 days");
  await expect(members(bob)).toContainText("deleted 30 days after the last message");
});

test("a kicked member sees why, cannot come back until let back in", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana");
  const { page: bob } = await people.enter("Bob", code, { context: DESKTOP });
  await expect(ana.getByRole("log")).toContainText("Bob joined the room");

  await memberAction(ana, "Bob", "Remove from room");
  await expect(bob.getByRole("heading", { name: "You were removed from this room" })).toBeVisible();
  await expect(ana.getByRole("log")).toContainText("Ana removed Bob from the room");
  await expect(members(ana)).toContainText("Here now (1)");
  // The kick's notice is the only one: Bob's leaving is not announced a second time.
  await ana.waitForTimeout(500);
  await expect(ana.getByRole("log")).not.toContainText("Bob left the room");

  await bob.reload();
  await expect(bob.getByRole("heading", { name: "You were removed from this room" })).toBeVisible();

  const menu = await openRoomMenu(ana);
  await menu.getByRole("button", { name: "Let Bob back in" }).click();
  await expect(ana.getByRole("log")).toContainText("Ana let Bob back in");
  await bob.reload();
  await expect(bob.getByRole("log")).toContainText("You joined the room");
});

test("the owner hands the room over; the new owner's browser keeps a key of its own", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana");
  const { page: bob } = await people.enter("Bob", code, { context: DESKTOP });
  await memberAction(ana, "Bob", "Make owner");
  await expect(bob.getByRole("log")).toContainText("Ana made Bob the owner");
  await expect(members(ana).getByRole("listitem").filter({ hasText: "Bob" })).toContainText("owner");
  await expect(members(ana).getByRole("button", { name: "Actions for Bob" })).toHaveCount(0);
  // After a reload Bob is the owner again by the key his browser asked for (the creator's was voided).
  await expect(bob.getByRole("button", { name: "Actions for Ana" })).toBeVisible();
  await bob.reload();
  await expect(bob.getByRole("log")).toContainText("You joined the room");
  await expect(members(bob).getByRole("listitem").filter({ hasText: "Bob" })).toContainText("owner");
  await expect(bob.getByRole("button", { name: "Actions for Ana" })).toBeVisible();
});

test("a locked room refuses a newcomer and lets a returning member in", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana");
  const { page: bob } = await people.enter("Bob", code, { context: DESKTOP });

  const menu = await openRoomMenu(ana);
  await menu.getByRole("button", { name: "Lock room" }).click();
  await expect(menu.getByRole("button", { name: "Unlock room" })).toBeVisible();
  await expect(bob.getByRole("log")).toContainText("Ana locked the room");
  await ana.screenshot({ path: screenshotPath("screenshot-owner-menu.png") });

  const carol = await people.open(DESKTOP);
  await carol.goto(`/room/${code}`);
  await carol.getByLabel("Your name").fill("Carol");
  await carol.getByRole("button", { name: "Join room" }).click();
  await expect(carol.getByRole("heading", { name: "This room is locked" })).toBeVisible();
  await carol.screenshot({ path: screenshotPath("screenshot-room-locked.png") });

  await bob.reload();
  await expect(bob.getByRole("log")).toContainText("You joined the room");
});

test("a room with a passphrase asks a newcomer for it: wrong, then right", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana", { passphrase: "blue heron" });
  const carol = await people.open(DESKTOP);
  await carol.goto(`/room/${code}`);
  await carol.getByLabel("Your name").fill("Carol");
  // The room says it has one: the form asks for it before any refusal.
  await carol.getByLabel("Passphrase", { exact: true }).fill("grey heron");
  await carol.getByRole("button", { name: "Join room" }).click();
  await expect(carol.getByText("That passphrase is not right")).toBeVisible();
  await carol.screenshot({ path: screenshotPath("screenshot-passphrase.png") });

  await carol.getByLabel("Passphrase", { exact: true }).fill("blue heron");
  await carol.getByRole("button", { name: "Join room" }).click();
  await expect(carol.getByRole("log")).toContainText("You joined the room");
  await expect(ana.getByRole("log")).toContainText("Carol joined the room");
  // The tab keeps it: a reload comes back in without asking.
  await carol.reload();
  await expect(carol.getByRole("log")).toContainText("You joined the room");
});

test("a member downloads the transcript of a passphrase room, the tab's passphrase sent with it", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana", { passphrase: "blue heron" });
  const carol = await people.open(DESKTOP);
  await carol.goto(`/room/${code}`);
  await carol.getByLabel("Your name").fill("Carol");
  await carol.getByLabel("Passphrase", { exact: true }).fill("blue heron");
  await carol.getByRole("button", { name: "Join room" }).click();
  await expect(carol.getByRole("log")).toContainText("You joined the room");
  await ana.getByLabel("Message").fill("the heron is blue");
  await ana.keyboard.press("Enter");
  await expect(carol.getByRole("log")).toContainText("the heron is blue");

  const menu = await openRoomMenu(carol);
  const [download] = await Promise.all([carol.waitForEvent("download"), menu.getByRole("button", { name: "Markdown" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  expect(await readFile(await download.path(), "utf8")).toContain("the heron is blue");
});

test("ending the room tells everyone in it", async ({ people }) => {
  const { page: ana, code } = await createRoom(people, "Ana");
  const { page: bob } = await people.enter("Bob", code, { context: DESKTOP });

  const menu = await openRoomMenu(ana);
  await menu.getByRole("button", { name: "End room" }).click();
  await menu.getByRole("button", { name: "End room for everyone" }).click();
  for (const page of [ana, bob]) await expect(page.getByRole("heading", { name: "This room has ended" })).toBeVisible();
  await bob.reload();
  await expect(bob.getByText(/not found|no room/i).first()).toBeVisible();
});
