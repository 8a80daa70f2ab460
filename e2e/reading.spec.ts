/**
 * Issue 18's readable conversations in a real browser: Markdown in messages, a sender's close messages
 * under one header, and date lines. The server stamps every message with its own clock, so past dates
 * come from the other side: readers whose browser clock is set one and three days ahead
 * (page.clock.setFixedTime), for whom the same messages are yesterday's and older.
 */
import type { Page } from "@playwright/test";
import { expect, test, type People } from "./people";
import { chatLive } from "./seed-room";
import { screenshotPath } from "./screenshots";

const DAY_MS = 24 * 60 * 60_000;

async function enter(people: People, name: string, code?: string, clock?: Date): Promise<{ page: Page; code: string }> {
  const prepare = async (page: Page) => {
    if (clock !== undefined) await page.clock.setFixedTime(clock);
  };
  return people.enter(name, code, { byLink: code !== undefined, context: { viewport: { width: 1100, height: 800 } }, prepare });
}

const BEA = [
  "**Bold** move, _italic_ and ~~struck~~ with `inline code`",
  "```\nconst answer = 42; // a long line that does not wrap but scrolls sideways ..........................................\n```",
  "> a quoted line\n\n- first point\n- second point",
  "@Cy this one is for you",
];

test("Markdown renders, close messages share a header, and days get their date lines", async ({ people, baseURL }) => {
  // Four people's pages in turn: about 30 s on a loaded 2-core machine.
  test.setTimeout(90_000);
  const started = Date.now();
  const { page: ana, code } = await enter(people, "Ana");
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

  // Bea's four messages came within seconds: her name shows once; the others keep it for screen readers.
  const beaNames = log.locator("[data-own=false]").getByText("Bea", { exact: true });
  await expect(beaNames).toHaveCount(4);
  await expect(beaNames.first()).toBeVisible();
  for (const later of [1, 2, 3]) await expect(beaNames.nth(later)).toHaveClass(/sr-only/);
  // A fresh message says how long ago; the exact time is on hover and, in words, for screen readers.
  const time = log.locator("[data-own=false] time").first();
  await expect(time.locator("[aria-hidden=true]")).toHaveText("just now");
  await expect(time).toHaveAttribute("title", /\d{4}/);
  await expect(time.locator(".sr-only")).toHaveText(/\d{4}/);

  // Ana answers Bea's first message, quoting it.
  const first = log.locator("[data-own=false]").filter({ hasText: "Bold move" });
  await first.hover();
  await first.getByRole("button", { name: /^Actions: / }).click();
  await ana.getByRole("menuitem", { name: "Reply" }).click();
  await field.fill("@Bea that `answer` is *right*, see you at noon");
  await field.press("Enter");
  await expect(log.getByRole("button", { name: /^Reply to Bea: \*\*Bold\*\* move/ })).toBeVisible();
  // All of it today (unless this test ran across midnight).
  if (new Date(started).getDate() === new Date().getDate()) await expect(log.getByRole("separator")).toHaveText(["Today"]);

  // Tomorrow, the conversation is yesterday's; Cy's own join, on Cy's clock, is today's.
  const { page: cy } = await enter(people, "Cy", code, new Date(Date.now() + DAY_MS));
  await expect(cy.getByRole("log").locator("strong")).toHaveText("Bold");
  await expect(cy.getByRole("log").getByRole("separator")).toHaveText(["Yesterday", "Today"]);
  await expect(cy.getByRole("log").locator("[data-own=false]").filter({ hasText: "this one is for you" })).toContainText("mentions you");
  await expect(cy.getByRole("log").getByText("mentions you")).toHaveCount(1);
  // A day later the times are clock times.
  await expect(cy.getByRole("log").locator("time [aria-hidden=true]").first()).toHaveText(/\d{1,2}:\d{2}/);
  // The screenshots in docs/: a desktop, a phone, and dark mode.
  await cy.screenshot({ path: screenshotPath("screenshot-reading.png") });
  await cy.setViewportSize({ width: 390, height: 844 });
  await cy.screenshot({ path: screenshotPath("screenshot-reading-phone.png") });
  await cy.setViewportSize({ width: 1100, height: 800 });
  await cy.emulateMedia({ colorScheme: "dark" });
  expect(await cy.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
  await cy.screenshot({ path: screenshotPath("screenshot-reading-dark.png") });

  // Three days on, it carries its date.
  const later = new Date(Date.now() + 3 * DAY_MS);
  const { page: dee } = await enter(people, "Dee", code, later);
  const date = await dee.evaluate(() => new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" }).format(new Date(Date.now() - 3 * 24 * 60 * 60_000)));
  const lines = dee.getByRole("log").getByRole("separator");
  await expect(lines.first()).toHaveAccessibleName(new RegExp(`^${date}`));
  await expect(lines.last()).toHaveText("Today");
});
