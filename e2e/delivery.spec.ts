import type { Page } from "@playwright/test";
import { expect, test, type People } from "./people";


async function type(page: Page, text: string): Promise<void> {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

/** Ana creates a room and Bob joins it by code, each in a browser context of their own. */
async function anaAndBob(people: People): Promise<{ ana: Page; bob: Page; code: string }> {
  const { page: ana, code } = await people.enter("Ana");
  const { page: bob } = await people.enter("Bob", code);
  return { ana, bob, code };
}

/** How many times `text` appears as a message body in the page's log. */
async function countInLog(page: Page, text: string): Promise<number> {
  return page.getByRole("log").getByText(text, { exact: true }).count();
}

test("messages typed offline wait as pending, then arrive once for everyone", async ({ people }) => {
  const { ana, bob } = await anaAndBob(people);

  await ana.context().setOffline(true);
  await expect(ana.getByText(/reconnecting/i).first()).toBeVisible();
  await type(ana, "first while offline");
  await type(ana, "second while offline");
  await expect(ana.locator('[data-status="pending"]')).toHaveCount(2);
  await expect(ana.getByText("Sending…")).toHaveCount(2);
  // Bob has not seen them, and Ana is not announced as gone within the grace period.
  await expect(bob.getByRole("log")).not.toContainText("first while offline");

  await ana.context().setOffline(false);
  await expect(ana.locator('[data-status="pending"]')).toHaveCount(0);
  for (const page of [ana, bob]) {
    await expect(page.getByRole("log")).toContainText("second while offline");
    expect(await countInLog(page, "first while offline")).toBe(1);
    expect(await countInLog(page, "second while offline")).toBe(1);
    const log = (await page.getByRole("log").textContent()) ?? "";
    expect(log.indexOf("first while offline")).toBeLessThan(log.indexOf("second while offline"));
  }
  await expect(bob.getByRole("log")).not.toContainText("Ana left the room");
});

test("a reload while offline keeps the outbox, and it is sent once the page is back", async ({ people }) => {
  const { ana, bob, code } = await anaAndBob(people);

  await ana.context().setOffline(true);
  await type(ana, "kept across a reload 1");
  await type(ana, "kept across a reload 2");
  await expect(ana.locator('[data-status="pending"]')).toHaveCount(2);
  // The reload itself fails while offline: the page is gone, only the browser's storage remains.
  await ana.reload().catch(() => undefined);
  await ana.context().setOffline(false);
  await ana.goto(`/room/${code}`);

  for (const page of [ana, bob]) {
    await expect(page.getByRole("log")).toContainText("kept across a reload 2");
    expect(await countInLog(page, "kept across a reload 1")).toBe(1);
    expect(await countInLog(page, "kept across a reload 2")).toBe(1);
  }
  await expect(ana.locator('[data-status="pending"]')).toHaveCount(0);
});

test("after a drop, the room says how many missed messages it restored", async ({ people }) => {
  const { ana, bob } = await anaAndBob(people);

  await ana.context().setOffline(true);
  await expect(ana.getByText(/reconnecting/i).first()).toBeVisible();
  for (const text of ["missed one", "missed two", "missed three"]) await type(bob, text);
  await expect(bob.locator('[data-status="pending"]')).toHaveCount(0);
  await ana.context().setOffline(false);
  await expect(ana.getByRole("log")).toContainText("3 missed messages restored");
  expect(await countInLog(ana, "missed two")).toBe(1);
});
