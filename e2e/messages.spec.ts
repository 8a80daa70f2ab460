/**
 * Issue 17 in a real browser: messages that are answered, reacted to, edited and deleted, by two
 * people live, kept across a reload, and caught up by a third who was offline meanwhile. Then a
 * reply whose original is 300 messages back, outside what the page has loaded and rendered.
 */
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { io } from "socket.io-client";
import type { Message } from "../lib/protocol";
import { expect, test } from "./people";
import { seedRoom } from "./seed-room";
import { screenshotPath } from "./screenshots";

const DESKTOP = { viewport: { width: 1100, height: 760 } };

/** The composer's field (by role: a quote's label may hold the word "message" too; a combobox for @-mentions). */
const field = (page: Page) => page.getByRole("combobox", { name: "Message", exact: true });

async function say(page: Page, text: string): Promise<void> {
  await field(page).fill(text);
  await field(page).press("Enter");
}

/** The message whose own text (not a quote of it) is `text`. */
function message(page: Page, text: string): Locator {
  return page.getByRole("log").locator("[data-own]").filter({ has: page.locator("p", { hasText: new RegExp(`^${text}$`) }) });
}

/** What a message's menu button shows: its glyph is generated only while the button is meant to show. */
function glyph(button: Locator): Promise<string> {
  return button.evaluate((element) => getComputedStyle(element, "::before").content);
}

async function chooseFromMenu(page: Page, text: string, item: string): Promise<void> {
  const target = message(page, text);
  await target.hover();
  await target.getByRole("button", { name: /^Actions: / }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

/** What everyone must see once all the changes are in. */
async function expectFinalState(page: Page): Promise<void> {
  const log = page.getByRole("log");
  const reply = message(page, "Noon works for me");
  await expect(reply.getByRole("button", { name: "Reply to Ana: Shall we meet at noon?. Go to the original." })).toBeVisible();
  await expect(reply.getByRole("button", { name: "👍 2: Ana, Bob" })).toBeVisible();
  await expect(reply.getByRole("button", { name: "🎉 1: Bob" })).toBeVisible();
  await expect(message(page, "See you at the station")).toContainText("edited");
  await expect(log.locator("[data-deleted]")).toHaveCount(1);
  await expect(log.locator("[data-deleted]")).toContainText("Message deleted");
  await expect(log).not.toContainText("See you at the stadium");
  await expect(log).not.toContainText("wrong room, sorry");
}

test("two people reply, react, edit and delete; a reload keeps it; someone offline catches up", async ({ people }) => {
  // Three people, two reloads and a catch-up: 26-29 s on a quiet 2-core machine, so the default 30 s
  // left no room for a slower one (it timed out at 30 s in a loaded run, with no step failing).
  test.setTimeout(90_000);
  const { page: ana, code } = await people.enter("Ana", undefined, { context: DESKTOP });
  const { page: bob } = await people.enter("Bob", code, { byLink: true, context: DESKTOP });
  const { page: cy } = await people.enter("Cy", code, { byLink: true, context: DESKTOP });
  await say(ana, "Shall we meet at noon?");
  await expect(cy.getByRole("log")).toContainText("Shall we meet at noon?");
  await cy.context().setOffline(true);

  // A message's menu button shows on hover and on keyboard focus, and not otherwise.
  const question = message(bob, "Shall we meet at noon\\?");
  const actions = question.getByRole("button", { name: /^Actions: / });
  await bob.mouse.move(0, 0);
  await expect.poll(() => glyph(actions)).toBe("none");
  await question.hover();
  await expect.poll(() => glyph(actions)).toBe('"⋯"');
  await bob.mouse.move(0, 0);
  await actions.focus();
  await expect.poll(() => glyph(actions)).toBe('"⋯"');

  // Bob answers Ana's message; the quote shows in the composer, then in his reply.
  await chooseFromMenu(bob, "Shall we meet at noon\\?", "Reply");
  await expect(bob.getByText("Replying to Ana")).toBeVisible();
  await say(bob, "Noon works for me");
  await expect(bob.getByText("Replying to Ana")).toHaveCount(0);
  const replyOnAna = message(ana, "Noon works for me");
  await expect(replyOnAna.getByRole("button", { name: /^Reply to Ana: Shall we meet at noon\?/ })).toBeVisible();

  // Ana reacts from the picker; Bob adds his by the chip, and another from the picker.
  await chooseFromMenu(ana, "Noon works for me", "React…");
  await ana.getByRole("dialog", { name: "Choose a reaction" }).getByRole("button", { name: "thumbs up" }).click();
  await message(bob, "Noon works for me").getByRole("button", { name: "👍 1: Ana" }).click();
  await chooseFromMenu(bob, "Noon works for me", "React…");
  await bob.getByRole("button", { name: "party popper" }).press("Enter");
  await expect(replyOnAna.getByRole("button", { name: "👍 2: Ana, Bob" })).toHaveAttribute("aria-pressed", "true");

  // Ana edits her last message with the Up arrow, and deletes another from its menu.
  await say(ana, "See you at the stadium");
  await expect(message(bob, "See you at the stadium")).toBeVisible();
  await field(ana).press("ArrowUp");
  await expect(ana.getByText("Editing message")).toBeVisible();
  await field(ana).fill("See you at the station");
  await field(ana).press("Enter");
  await say(ana, "wrong room, sorry");
  await expect(message(bob, "wrong room, sorry")).toBeVisible();
  await chooseFromMenu(ana, "wrong room, sorry", "Delete…");
  await ana.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();

  for (const page of [ana, bob]) await expectFinalState(page);
  // The pictures show the conversation, not a menu button left in focus or under the mouse.
  for (const page of [ana, bob]) {
    await page.mouse.move(0, 0);
    await field(page).focus();
  }
  await ana.screenshot({ path: screenshotPath("screenshot-message-actions.png") });
  await bob.setViewportSize({ width: 390, height: 760 });
  await bob.screenshot({ path: screenshotPath("screenshot-message-actions-phone.png") });

  await bob.reload();
  await expectFinalState(bob);
  await cy.context().setOffline(false);
  await expectFinalState(cy);
});

test("a reply's quote leads to an original 300 messages back, loading and rendering it", async ({ people, baseURL, request }) => {
  test.setTimeout(120_000);
  const created = await request.post("/api/rooms");
  const { code } = (await created.json()) as { code: string };
  await seedRoom(baseURL ?? "", code, { total: 300, first: "The very first message", last: "The last seeded message" });
  const first = (await (await request.get(`/api/rooms/${code}/messages?after=0&limit=1`)).json()) as { messages: Message[] };
  const original = first.messages[0] as Message;

  // Not as Ada, who sent the original: seedRoom's Ada holds that name with a token of her own.
  const bot = io(baseURL ?? "", { auth: { code, name: "Eve", memberToken: `e2e-${randomUUID()}` }, transports: ["websocket"], reconnection: false });
  await new Promise((resolve, reject) => {
    bot.once("room:snapshot", resolve);
    bot.once("connect_error", reject);
  });
  const ack = await bot.timeout(10_000).emitWithAck("message:send", { text: "Back to the start", clientId: randomUUID(), replyTo: original.id });
  bot.disconnect();
  expect(ack.ok).toBe(true);

  const { page } = await people.enter("Dee", code, { byLink: true, context: DESKTOP });
  const log = page.getByRole("log");
  await expect(log).toContainText("Back to the start");
  const target = log.locator(`[data-key="m:${original.id}"]`);
  await expect(target).toHaveCount(0);

  await page.getByRole("button", { name: /^Reply to Ada: The very first message/ }).click();
  await expect(target).toBeInViewport({ timeout: 20_000 });
  await expect(target).toBeFocused();
  await expect(target.locator(".outline-amber-400")).toHaveCount(1);
});
