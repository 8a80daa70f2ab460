import type { Page } from "@playwright/test";
import { expect, test } from "./people";

const field = (page: Page) => page.getByRole("combobox", { name: "Message", exact: true });

test("one person types, the other sees it above the composer, and it goes once the message is sent", async ({ people }) => {
  const { page: ana, code } = await people.enter("Ana");
  const { page: bob } = await people.enter("Bob", code, { byLink: true });
  await expect(ana.getByRole("log")).toContainText("Bob joined the room");

  await field(ana).pressSequentially("Hello Bo", { delay: 30 });
  const line = bob.getByText("Ana is typing…");
  await expect(line).toBeVisible();
  await expect(line).toHaveAttribute("aria-live", "polite");
  // Never shown to the typist.
  await expect(ana.getByText(/is typing…/)).toHaveCount(0);

  await field(ana).pressSequentially("b");
  await field(ana).press("Enter");
  await expect(bob.getByRole("log")).toContainText("Hello Bob");
  await expect(bob.getByText(/is typing…/)).toHaveCount(0);
});

test("two typists are named together, and clearing the field stops one", async ({ people }) => {
  const { page: ana, code } = await people.enter("Ana");
  const { page: bob } = await people.enter("Bob", code, { byLink: true });
  const { page: cara } = await people.enter("Cara", code, { byLink: true });
  await field(ana).pressSequentially("again");
  await field(bob).pressSequentially("me too");
  await expect(cara.getByText("Ana and Bob are typing…")).toBeVisible();
  await field(bob).clear();
  await expect(cara.getByText("Ana is typing…")).toBeVisible();
});
