import path from "node:path";
import type { Page } from "@playwright/test";
import type { AxeResults, Result } from "axe-core";
import { enterRoom as enter, expect, test, type People } from "./people";

declare global {
  interface Window {
    axe: typeof import("axe-core");
  }
}

const AXE_SCRIPT = path.resolve(__dirname, "..", "node_modules", "axe-core", "axe.min.js");

/** The views the issue asks about: a desktop and a phone, each in both colour schemes. */
const VIEWS = [
  { width: 1280, height: 800, colorScheme: "light" },
  { width: 1280, height: 800, colorScheme: "dark" },
  { width: 390, height: 844, colorScheme: "light" },
  { width: 390, height: 844, colorScheme: "dark" },
] as const;

// addScriptTag inlines axe's source in a <script>, which the app's CSP (nonces only) would block.
// Bypassing CSP changes nothing that axe looks at.
test.use({ bypassCSP: true });

const person = (people: People): Promise<Page> => people.open({ bypassCSP: true });

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

/** One line per failing element, enough to find it: rule, element, and axe's own summary. */
function describe(violation: Result): string[] {
  return violation.nodes.map((node) => `${violation.impact ?? ""} ${violation.id}: ${node.target.join(" ")}: ${node.failureSummary ?? violation.help}`);
}

/** Runs axe-core in the page in each view and expects no serious or critical violation in any. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const view of VIEWS) {
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.emulateMedia({ colorScheme: view.colorScheme });
    // Buttons fade to the new scheme's colours (transition-colors): axe must read where they end.
    await page.waitForFunction(() => document.getAnimations().every((animation) => !(animation instanceof CSSTransition)));
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SCRIPT });
    const results: AxeResults = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const found = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").flatMap(describe);
    expect(found, `${what} at ${view.width} px, ${view.colorScheme}`).toEqual([]);
  }
}

test("the home page has no serious accessibility violation, with an error shown too", async ({ people }) => {
  test.setTimeout(60_000);
  const page = await person(people);
  await page.goto("/");
  await expect(page.getByLabel("Your name")).toBeFocused();
  await expectAccessible(page, "home");

  await page.getByLabel("Room code").fill("nonsense");
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByText(/not a room code/i)).toBeVisible();
  await expectAccessible(page, "home with errors");
});

test("an empty room, with its invite and QR code, has no serious accessibility violation", async ({ people }) => {
  test.setTimeout(60_000);
  const page = await person(people);
  await enter(page, "Cleo");
  await expect(page.getByRole("img", { name: /QR code of the invite link/ })).toBeVisible();
  await expectAccessible(page, "empty room");
});

test("a room with own, others', failed and pending messages has no serious accessibility violation", async ({ people }) => {
  // Two members, a reload, and axe run eight times.
  test.setTimeout(120_000);
  const ana = await person(people);
  const code = await enter(ana, "Ana");
  const bob = await person(people);
  await enter(bob, "Bob", code);
  await say(bob, "Hello from **Bob**, see https://example.com");
  await say(ana, "Hi Bob, this one is mine");
  await expect(ana.getByRole("log")).toContainText("Hello from");
  await expect(ana.locator('[data-own="true"]')).toHaveCount(1);

  // A message the server refused for good, as this browser keeps it (lib/client/outbox.ts): the
  // e2e server's limits are raised too high to refuse one live.
  await ana.evaluate((room) => {
    const refused = { kind: "send", clientId: "refused-1", text: "This one was refused", createdAt: new Date().toISOString(), status: "failed", error: { code: "quota_exceeded", message: "full" } };
    localStorage.setItem(`roomchat:outbox:${room}`, JSON.stringify([refused]));
  }, code.replace(/-/g, ""));
  await ana.reload();
  await expect(ana.locator('[data-status="failed"]')).toHaveCount(1);

  await ana.context().setOffline(true);
  await expect(ana.getByText(/reconnecting/i).first()).toBeVisible();
  await say(ana, "Written offline, still sending");
  await expect(ana.locator('[data-status="pending"]')).toHaveCount(1);

  await expectAccessible(ana, "room with messages");
  await expectAccessible(bob, "room seen by another member");
});
