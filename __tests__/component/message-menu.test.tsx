/**
 * A message's menu as a keyboard and a pointer use it: a WAI-ARIA menu button and menu, the emoji
 * picker behind "React…", and the confirmation behind "Delete…". The menu loads on first use
 * (React.lazy), so each test waits for it to appear.
 */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MessageActions } from "@/components/message-actions";
import { MessageItem } from "@/components/message-item";
import { storedMessage } from "./messages";

function actions(): jest.Mocked<MessageActions> {
  return { reply: jest.fn(), edit: jest.fn(), remove: jest.fn(), toggleReaction: jest.fn(), goTo: jest.fn() };
}

function setup(own: boolean, patch = {}) {
  const message = storedMessage(1, own ? "Ana" : "Bob", "hello", patch);
  const act = actions();
  render(<MessageItem message={message} own={own} yourName="Ana" actions={act} />);
  return { message, actions: act, user: userEvent.setup() };
}

const menuButton = () => screen.getByRole("button", { name: /^Actions: / });
const itemNames = () => within(screen.getByRole("menu")).getAllByRole("menuitem").map((item) => item.textContent);

test("the menu button is reachable with Tab and opens a menu on Enter, focus on its first item", async () => {
  const { user } = setup(false);
  await user.tab();
  expect(menuButton()).toHaveFocus();
  expect(menuButton()).toHaveAttribute("aria-haspopup", "menu");
  expect(menuButton()).toHaveAttribute("aria-expanded", "false");

  await user.keyboard("{Enter}");
  const menu = await screen.findByRole("menu");
  expect(menuButton()).toHaveAttribute("aria-expanded", "true");
  expect(menu).toHaveAttribute("aria-labelledby", menuButton().id);
  expect(menuButton()).toHaveAttribute("aria-controls", menu.id);
  expect(screen.getByRole("menuitem", { name: "Reply" })).toHaveFocus();
});

test("someone else's message offers only Reply and React", async () => {
  setup(false);
  fireEvent.click(menuButton());
  await screen.findByRole("menu");
  expect(itemNames()).toEqual(["Reply", "React…"]);
});

test("your own message offers Edit and Delete too", async () => {
  setup(true);
  fireEvent.click(menuButton());
  await screen.findByRole("menu");
  expect(itemNames()).toEqual(["Reply", "React…", "Edit", "Delete…"]);
});

test("arrow keys, Home and End move through the items and wrap; Escape closes and returns focus", async () => {
  const { user } = setup(true);
  menuButton().focus();
  await user.keyboard("{ArrowUp}");
  await screen.findByRole("menu");
  expect(screen.getByRole("menuitem", { name: "Delete…" })).toHaveFocus();
  await user.keyboard("{ArrowDown}");
  expect(screen.getByRole("menuitem", { name: "Reply" })).toHaveFocus();
  await user.keyboard("{ArrowUp}");
  expect(screen.getByRole("menuitem", { name: "Delete…" })).toHaveFocus();
  await user.keyboard("{Home}");
  expect(screen.getByRole("menuitem", { name: "Reply" })).toHaveFocus();
  await user.keyboard("{End}{ArrowUp}");
  expect(screen.getByRole("menuitem", { name: "Edit" })).toHaveFocus();

  await user.keyboard("{Escape}");
  expect(screen.queryByRole("menu")).toBeNull();
  expect(menuButton()).toHaveFocus();
  expect(menuButton()).toHaveAttribute("aria-expanded", "false");
});

test("Reply and Edit hand the message to the composer", async () => {
  const { user, actions, message } = setup(true);
  await user.click(menuButton());
  await user.click(await screen.findByRole("menuitem", { name: "Reply" }));
  expect(actions.reply).toHaveBeenCalledWith(message);
  expect(screen.queryByRole("menu")).toBeNull();

  await user.click(menuButton());
  await user.click(await screen.findByRole("menuitem", { name: "Edit" }));
  expect(actions.edit).toHaveBeenCalledWith(message);
});

test("Delete asks first: Cancel (or Escape) keeps the message, Delete deletes it", async () => {
  const { user, actions, message } = setup(true);
  await user.click(menuButton());
  await user.click(await screen.findByRole("menuitem", { name: "Delete…" }));
  const dialog = screen.getByRole("alertdialog", { name: /for everyone/ });
  expect(dialog).toHaveTextContent(/for everyone/);
  expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("alertdialog")).toBeNull();
  expect(menuButton()).toHaveFocus();
  expect(actions.remove).not.toHaveBeenCalled();

  await user.keyboard("{Enter}");
  await user.click(await screen.findByRole("menuitem", { name: "Delete…" }));
  await user.click(screen.getByRole("button", { name: "Delete" }));
  expect(actions.remove).toHaveBeenCalledWith(message.id);
  expect(screen.queryByRole("alertdialog")).toBeNull();
});

test("React… opens a picker that the arrow keys move through; Enter reacts, Escape closes", async () => {
  const { user, actions, message } = setup(false, { reactions: [{ emoji: "👎", names: ["Ana"] }] });
  menuButton().focus();
  await user.keyboard("{Enter}");
  await screen.findByRole("menu");
  await user.keyboard("{ArrowDown}{Enter}");
  const picker = screen.getByRole("dialog", { name: "Choose a reaction" });
  const thumbsUp = within(picker).getByRole("button", { name: "thumbs up" });
  expect(thumbsUp).toHaveFocus();
  expect(thumbsUp).toHaveAttribute("aria-pressed", "false");
  // Yours already: picking it again takes it back, and the picker says so.
  expect(within(picker).getByRole("button", { name: "thumbs down" })).toHaveAttribute("aria-pressed", "true");
  expect(within(picker).getAllByRole("button").length).toBeGreaterThanOrEqual(24);

  await user.keyboard("{ArrowRight}{ArrowRight}");
  expect(within(picker).getByRole("button", { name: "red heart" })).toHaveFocus();
  // Eight to a row: down from the third is the eleventh, and left of that the tenth.
  await user.keyboard("{ArrowDown}{ArrowLeft}");
  expect(within(picker).getByRole("button", { name: "clapping hands" })).toHaveFocus();
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(menuButton()).toHaveFocus();
  expect(actions.toggleReaction).not.toHaveBeenCalled();

  await user.keyboard("{Enter}");
  await screen.findByRole("menu");
  await user.keyboard("{ArrowDown}{Enter}{ArrowRight}{ArrowRight}{Enter}");
  expect(actions.toggleReaction).toHaveBeenCalledWith(message.id, "\u2764\uFE0F");
  expect(screen.queryByRole("dialog")).toBeNull();
});

test("a click outside closes the menu", async () => {
  const { user } = setup(false);
  await user.click(menuButton());
  await screen.findByRole("menu");
  await user.click(document.body);
  expect(screen.queryByRole("menu")).toBeNull();
});

/** jsdom has no PointerEvent: a mouse event that says it came from a finger. */
function touch(element: Element, type: "pointerdown" | "pointerup") {
  const event = new MouseEvent(type, { bubbles: true, clientX: 10, clientY: 10 });
  Object.defineProperty(event, "pointerType", { value: "touch" });
  fireEvent(element, event);
}

test("a touch held on the message opens its menu; a short tap does not", async () => {
  jest.useFakeTimers();
  try {
    setup(false);
    const bubble = screen.getByText("hello");
    touch(bubble, "pointerdown");
    touch(bubble, "pointerup");
    act(() => jest.advanceTimersByTime(1_000));
    expect(menuButton()).toHaveAttribute("aria-expanded", "false");

    touch(bubble, "pointerdown");
    act(() => jest.advanceTimersByTime(1_000));
    expect(menuButton()).toHaveAttribute("aria-expanded", "true");
  } finally {
    jest.useRealTimers();
  }
  expect(await screen.findByRole("menu")).toBeInTheDocument();
});

test("a deleted message has no menu", () => {
  setup(true, { text: "", deletedAt: "2025-01-02T09:05:00.000Z" });
  expect(screen.queryByRole("button", { name: /^Actions: / })).toBeNull();
});
