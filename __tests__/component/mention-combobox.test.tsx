import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/composer";
import type { Ack } from "@/lib/protocol";

function setup(names: readonly string[] = ["Ana", "Bob", "Anabel", "Cleo"]) {
  const onSend = jest.fn<Promise<Ack<unknown>>, [string]>().mockResolvedValue({ ok: true, data: null });
  render(<Composer onSend={onSend} mentionNames={names} yourName="Bob" />);
  const field = screen.getByRole("combobox", { name: "Message" });
  return { onSend, user: userEvent.setup(), field };
}

const options = () => screen.getAllByRole("option").map((option) => option.textContent);
const activeOption = (field: HTMLElement) => document.getElementById(field.getAttribute("aria-activedescendant") ?? "");

test("the field is a combobox that controls a listbox, closed until an @ is typed", async () => {
  const { user, field } = setup();
  const listbox = document.getElementById(field.getAttribute("aria-controls") ?? "");
  expect(listbox).toHaveAttribute("role", "listbox");
  expect(field).toHaveAttribute("aria-expanded", "false");
  expect(field).toHaveAttribute("aria-autocomplete", "list");

  await user.type(field, "hi ");
  expect(field).toHaveAttribute("aria-expanded", "false");
  await user.type(field, "@");
  expect(field).toHaveAttribute("aria-expanded", "true");
  // The members present, without yourself.
  expect(options()).toEqual(["@Ana", "@Anabel", "@Cleo"]);
  expect(screen.getByRole("listbox", { name: "People to mention" })).toBeVisible();
});

test("typing narrows the list; arrows move the active option and wrap around", async () => {
  const { user, field } = setup();
  await user.type(field, "@an");
  expect(options()).toEqual(["@Ana", "@Anabel"]);
  expect(activeOption(field)).toHaveTextContent("@Ana");
  expect(activeOption(field)).toHaveAttribute("aria-selected", "true");

  await user.keyboard("{ArrowDown}");
  expect(activeOption(field)).toHaveTextContent("@Anabel");
  await user.keyboard("{ArrowDown}");
  expect(activeOption(field)).toHaveTextContent("@Ana");
  await user.keyboard("{ArrowUp}");
  expect(activeOption(field)).toHaveTextContent("@Anabel");
});

test("Enter picks the active option instead of sending", async () => {
  const { onSend, user, field } = setup();
  await user.type(field, "hi @an{ArrowDown}{Enter}");
  expect(field).toHaveValue("hi @Anabel ");
  expect(onSend).not.toHaveBeenCalled();
  expect(field).toHaveAttribute("aria-expanded", "false");
  expect(field).not.toHaveAttribute("aria-activedescendant");

  // Once the list is closed, Enter sends again.
  await user.type(field, "lunch?{Enter}");
  expect(onSend).toHaveBeenCalledWith("hi @Anabel lunch?");
});

test("a picked name that starts a longer one does not reopen the list: the next Enter sends", async () => {
  const { onSend, user, field } = setup(["Ana", "Ana Maria", "Bob"]);
  await user.type(field, "@an{Enter}");
  expect(field).toHaveValue("@Ana ");
  expect(field).toHaveAttribute("aria-expanded", "false");
  await user.keyboard("{Enter}");
  expect(onSend).toHaveBeenCalledWith("@Ana ");

  // Typing on after a pick may ask for the longer name again.
  await user.type(field, "@an{Enter}M");
  expect(options()).toEqual(["@Ana Maria"]);
});

test("Tab picks too, and focus stays in the field", async () => {
  const { user, field } = setup();
  await user.type(field, "@cl");
  await user.keyboard("{Tab}");
  expect(field).toHaveValue("@Cleo ");
  expect(field).toHaveFocus();
});

test("Escape closes the list and leaves the text; typing on opens it again", async () => {
  const { user, field } = setup();
  await user.type(field, "@a");
  await user.keyboard("{Escape}");
  expect(field).toHaveAttribute("aria-expanded", "false");
  expect(field).toHaveValue("@a");
  await user.type(field, "n");
  expect(field).toHaveAttribute("aria-expanded", "true");
});

test("a click on an option picks it", async () => {
  const { user, field } = setup();
  await user.type(field, "@");
  await user.click(screen.getByRole("option", { name: "@Cleo" }));
  expect(field).toHaveValue("@Cleo ");
});

test("no match, or an @ inside a word, opens nothing", async () => {
  const { user, field } = setup();
  await user.type(field, "@zz");
  expect(field).toHaveAttribute("aria-expanded", "false");
  await user.clear(field);
  await user.type(field, "mail@a");
  expect(field).toHaveAttribute("aria-expanded", "false");
});
