/**
 * Issue 18's readable conversations in a real browser: Markdown in messages, a sender's close messages
 * under one header, and date lines. The server stamps every message with its own clock, so past dates
 * come from the other side: readers whose browser clock is set one and three days ahead
 * (page.clock.setFixedTime), for whom the same messages are yesterday's and older.
 */
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { chatLive } from "./seed-room";

/** A tracked screenshot in docs/ only when UPDATE_SCREENSHOTS=1 (as in chat.spec.ts); else test output. */
function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS === "1" ? path.resolve(__dirname, "..", "docs", name) : test.info().outputPath(name);
}

const DAY_MS = 24 * 60 * 60_000;

async function enter(browser: Browser, name: string, code?: string, clock?: Date): Promise<{ page: Page; code: string }> {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  if (clock !== undefined) await page.clock.setFixedTime(clock);
  await page.goto(code === undefined ? "/" : `/room/${code}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: code === undefined ? "Create room" : "Join room" }).click();
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return { page, code: code ?? page.url().split("/room/")[1] ?? "" };
}

const BEA = ["**Bold** move, _italic_ and ~~struck~~ with `inline code`", "```\nconst answer = 42; // a long line that does not wrap but scrolls sideways ..........................................\n```", "> a quoted line\n\n- first point\n- second point"];

test("Markdown renders, close messages share a header, and days get their date lines", async ({ browser, baseURL }) => {
  // Four people's pages in turn: about 30 s on a loaded 2-core machine.
  test.setTimeout(90_000);
  const started = Date.now();
  const { page: ana, code } = await enter(browser, "Ana");
  await chatLive(baseURL ?? "", code, "Bea", BEA, 50);
  const field = ana.getByRole("combobox", { name: "Message", exact: true });
  await field.fill("plain words, <b>not bold</b>");
  await field.press("Enter");
  await field.fill("see www.example.com or javascript:alert(1)");
  await field.press("Enter");
  const log = ana.getByRole("log");
  await expect(log.locator("[data-own=true]:not([data-status])")).toHaveCount(2);

  // Markdown, as elements.
  await expect(log.locator("strong")).toHaveText("Bold");
  await expect(log.locator("em")).toHaveText("italic");
  await expect(log.locator("del")).toHaveText("struck");
  await expect(log.locator("p code")).toHaveText("inline code");
  const pre = log.locator("pre");
  await expect(pre).toContainText("const answer = 42;");
  expect(await pre.evaluate((element) => element.scrollWidth > element.clientWidth && getComputedStyle(element).overflowX === "auto")).toBe(true);
  expect(await pre.evaluate((element) => getComputedStyle(element).fontFamily)).toMatch(/mono/i);
  await expect(log.locator("blockquote")).toHaveText("a quoted line");
  await expect(log.locator("ul > li")).toHaveText(["first point", "second point"]);
  // Raw HTML is text; only the http address is a link.
  await expect(log.getByText("plain words, <b>not bold</b>", { exact: true })).toBeVisible();
  await expect(log.locator("b, script, img")).toHaveCount(0);
  const link = log.getByRole("link");
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText("www.example.com");
  await expect(link).toHaveAttribute("href", "http://www.example.com/");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");

  // Bea's three messages came within seconds: her name shows once; the others keep it for screen readers.
  const beaNames = log.locator("[data-own=false]").getByText("Bea", { exact: true });
  await expect(beaNames).toHaveCount(3);
  await expect(beaNames.first()).toBeVisible();
  await expect(beaNames.nth(1)).toHaveClass(/sr-only/);
  await expect(beaNames.nth(2)).toHaveClass(/sr-only/);
  await expect(log.locator("[data-own=false] time").first()).toHaveAttribute("title", /\d{4}/);
  // All of it today (unless this test ran across midnight).
  if (new Date(started).getDate() === new Date().getDate()) await expect(log.getByRole("separator")).toHaveText(["Today"]);

  // Tomorrow, the conversation is yesterday's; Cy's own join, on Cy's clock, is today's.
  const { page: cy } = await enter(browser, "Cy", code, new Date(Date.now() + DAY_MS));
  await expect(cy.getByRole("log").locator("strong")).toHaveText("Bold");
  await expect(cy.getByRole("log").getByRole("separator")).toHaveText(["Yesterday", "Today"]);
  await cy.screenshot({ path: screenshotPath("screenshot-reading.png") });

  // Three days on, it carries its date.
  const later = new Date(Date.now() + 3 * DAY_MS);
  const { page: dee } = await enter(browser, "Dee", code, later);
  const date = await dee.evaluate(() => new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" }).format(new Date(Date.now() - 3 * 24 * 60 * 60_000)));
  const lines = dee.getByRole("log").getByRole("separator");
  await expect(lines.first()).toHaveAccessibleName(new RegExp(`^${date}`));
  await expect(lines.last()).toHaveText("Today");
});
