import type { Page } from "@playwright/test";
import { expect, test, type People } from "./people";

// Short enough to be names (at most 32 characters); every one is also sent as a message.
const NAMES = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<script>alert(1)</script>", "<div><span>unclosed", "${alert(1)}", "a\u200Cb\u200Dc"];
const LINK = "https://example.com/?q=<script>";
// Zero-width spaces are refused in names (look-alikes); as a message they show as typed.
const INVISIBLE = "a\u200Bb\u200Dc";
const MESSAGES = [
  ...NAMES,
  INVISIBLE,
  "<svg><script>alert(1)</script></svg>",
  '"><iframe src=javascript:alert(1)>',
  "javascript:alert(1)",
  '<a href="javascript:alert(1)">click</a>',
  "<b onmouseover=alert(1)>hover</b>",
  "</textarea><script>alert(1)</script>",
  "{{constructor.constructor('alert(1)')()}}",
  "abc\u202Eexe.txt",
  LINK,
];
const BIDI_NAME = "abc\u202Eexe.txt";
// The form's own check (lib/protocol.ts) or, should it ever pass, the server's invalid_name refusal.
const NAME_REFUSED = /cannot contain control characters|that name cannot be used/i;

/** What went wrong on any page: a dialog means a payload ran; a CSP report means a script was blocked. */
interface Alarms {
  dialogs: string[];
  csp: string[];
  errors: string[];
}

async function person(people: People, alarms: Alarms): Promise<Page> {
  const page = await people.open();
  page.on("dialog", (dialog) => {
    alarms.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) alarms.csp.push(message.text());
  });
  page.on("pageerror", (error) => alarms.errors.push(error.message));
  return page;
}

/** Home page, name, then Create room (no code) or Join room; returns the formatted room code. */
async function enter(page: Page, name: string, code?: string): Promise<string> {
  const response = await page.goto("/");
  expectStrictCsp(response?.headers()["content-security-policy"]);
  await page.getByLabel("Your name").fill(name);
  if (code !== undefined) await page.getByLabel("Room code").fill(code);
  await page.getByRole("button", { name: code === undefined ? "Create room" : "Join room" }).click();
  await expect(page.getByRole("log")).toContainText("You joined the room");
  return page.url().split("/room/")[1] ?? "";
}

function expectStrictCsp(header: string | undefined): void {
  expect(header, "Content-Security-Policy header").toBeDefined();
  const scriptSrc = (header ?? "")
    .split(";")
    .map((directive) => directive.trim())
    .find((directive) => directive.startsWith("script-src "));
  expect(scriptSrc).toContain("'nonce-");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
}

/** Each message as "author + text", without its time and screen-reader-only words. */
async function bubbles(page: Page): Promise<string[]> {
  return page
    .getByRole("log")
    .locator("[data-own]")
    .evaluateAll((elements) =>
      elements.map((element) => {
        const copy = element.cloneNode(true) as Element;
        copy.querySelectorAll("time, .sr-only").forEach((node) => node.remove());
        return copy.textContent ?? "";
      }),
    );
}

/** Each listed member's name as shown, with "(you)" after one's own; avatars left out. */
async function memberNames(page: Page): Promise<string[]> {
  return page.locator("#room-members li").evaluateAll((items) =>
    items.map((item) => {
      const copy = item.cloneNode(true) as Element;
      copy.querySelectorAll("[aria-hidden]").forEach((node) => node.remove());
      return copy.textContent ?? "";
    }),
  );
}

/** Elements or attributes that only a payload could have put there. */
async function expectNothingInjected(page: Page): Promise<void> {
  for (const area of [page.getByRole("log"), page.locator("#room-members")]) {
    await expect(area.locator("img, svg, script, iframe, b, textarea, object, embed")).toHaveCount(0);
  }
  await expect(page.locator("iframe, object, embed")).toHaveCount(0);
  await expect(page.locator("textarea")).toHaveCount(1);
  await expect(page.locator('a[href^="javascript:" i], [src^="javascript:" i]')).toHaveCount(0);
  const handlers = await page.evaluate(() =>
    Array.from(document.querySelectorAll("*")).flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith("on"))),
  );
  expect(handlers).toEqual([]);
}

test("markup, script and tricks in names and messages show as literal text and never run", async ({ people: everyone }) => {
  // Six people join and send every message of the corpus: about 28 s on a quiet 2-core machine, too
  // close to the default 30 s.
  test.setTimeout(90_000);
  const alarms: Alarms = { dialogs: [], csp: [], errors: [] };
  const people: Page[] = [];
  let code = "";
  for (const name of NAMES) {
    const page = await person(everyone, alarms);
    code = await enter(page, name, people.length === 0 ? undefined : code);
    people.push(page);
  }
  // Person i sends every len(NAMES)-th message, so each name is also an author.
  for (const [i, text] of MESSAGES.entries()) {
    const box = (people[i % people.length] as Page).getByLabel("Message");
    await box.fill(text);
    await box.press("Enter");
  }

  const expected = MESSAGES.map((text, i) => `${NAMES[i % NAMES.length] ?? ""}${text}`).sort();
  for (const [i, page] of people.entries()) {
    await expect.poll(async () => (await bubbles(page)).sort()).toEqual(expected);
    const log = (await page.getByRole("log").textContent()) ?? "";
    for (const text of MESSAGES) expect(log).toContain(text);
    // The first person made the room: everyone sees its owner badge.
    const names = NAMES.map((name, j) => `${name}${j === i ? "(you)" : ""}${j === 0 ? "owner" : ""}`);
    expect((await memberNames(page)).sort()).toEqual(names.sort());
    await expect(page).toHaveTitle(`${code} · Roomchat`);
    await expectNothingInjected(page);

    const link = page.getByRole("log").getByRole("link");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveText("https://example.com/?q=");
    await expect(link).toHaveAttribute("href", "https://example.com/?q=");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  }

  // Pointing at and clicking the payloads does nothing either.
  const reader = people[0] as Page;
  await reader.getByRole("log").getByText("<b onmouseover=alert(1)>hover</b>").hover();
  await reader.getByRole("log").getByText("javascript:alert(1)", { exact: true }).click();
  await expect(reader).toHaveURL(new RegExp(`/room/${code}$`));

  // History comes back through another path (the join snapshot): the same checks after a reload.
  const response = await reader.reload();
  expectStrictCsp(response?.headers()["content-security-policy"]);
  await expect.poll(async () => (await bubbles(reader)).sort()).toEqual(expected);
  await expectNothingInjected(reader);

  expect(alarms.dialogs, "dialogs opened by payloads").toEqual([]);
  expect(alarms.csp, "Content Security Policy reports").toEqual([]);
  expect(alarms.errors, "uncaught page errors").toEqual([]);
});

test("a name with a bidi override is refused in place, on the home form and on a room link", async ({ people }) => {
  const alarms: Alarms = { dialogs: [], csp: [], errors: [] };
  const host = await person(people, alarms);
  const code = await enter(host, "Host");

  const visitor = await person(people, alarms);
  await visitor.goto("/");
  await visitor.getByLabel("Your name").fill(BIDI_NAME);
  await visitor.getByLabel("Room code").fill(code);
  await visitor.getByRole("button", { name: "Join room" }).click();
  await expect(visitor.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expect(visitor.getByLabel("Your name")).toHaveAccessibleDescription(NAME_REFUSED);
  await expect(visitor).toHaveURL(/\/$/);

  await visitor.goto(`/room/${code}`);
  await visitor.getByLabel("Your name").fill(BIDI_NAME);
  await visitor.getByRole("button", { name: "Join room" }).click();
  await expect(visitor.getByLabel("Your name")).toHaveAccessibleDescription(NAME_REFUSED);
  await expect(visitor.getByRole("log")).toHaveCount(0);

  await expect(host.locator("#room-members li")).toHaveCount(1);
  await expect(host.getByRole("log")).not.toContainText("exe.txt");
  expect(alarms).toEqual({ dialogs: [], csp: [], errors: [] });
});
