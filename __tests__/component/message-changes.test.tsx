/** How a message shows what happened to it: an edit, a deletion, the message it answers, reactions. */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MessageActions } from "@/components/message-actions";
import { MessageItem } from "@/components/message-item";
import { PICKER_EMOJI } from "@/components/emoji-picker";
import { reactionEmoji } from "@/lib/protocol-text";
import { storedMessage } from "./messages";

function actions(): jest.Mocked<MessageActions> {
  return { reply: jest.fn(), edit: jest.fn(), remove: jest.fn(), toggleReaction: jest.fn(), goTo: jest.fn() };
}

const EDITED_AT = "2025-01-02T09:07:30.000Z";

test("an edited message says so, with the time of the edit in its tooltip and its accessible text", () => {
  render(<MessageItem message={storedMessage(1, "Bob", "fixed typo", { editedAt: EDITED_AT, version: 3 })} own={false} actions={actions()} />);
  const edited = screen.getByText("edited", { exact: false });
  const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" }).format(new Date(EDITED_AT));
  expect(edited).toHaveAttribute("title", `Edited ${full}`);
  expect(edited.textContent).toBe(`edited ${full}`);
  expect(screen.getByText("fixed typo")).toBeInTheDocument();
});

test("a message never edited does not say edited", () => {
  render(<MessageItem message={storedMessage(1, "Bob", "as sent")} own={false} actions={actions()} />);
  expect(screen.queryByText(/edited/)).toBeNull();
});

test("a deleted message shows 'Message deleted' in its place, without reactions, quote or menu", () => {
  const message = storedMessage(2, "Bob", "", {
    deletedAt: "2025-01-02T09:08:00.000Z",
    editedAt: EDITED_AT,
    replyTo: { id: "x", seq: 1, author: { id: "id-Ana", name: "Ana" }, excerpt: "question" },
    reactions: [{ emoji: "👍", names: ["Ana"] }],
  });
  const { container } = render(<MessageItem message={message} own={false} actions={actions()} />);
  expect(screen.getByText("Message deleted")).toBeInTheDocument();
  expect(container.querySelector("[data-deleted]")).not.toBeNull();
  expect(screen.queryByRole("button")).toBeNull();
  expect(screen.queryByText("question")).toBeNull();
  expect(screen.queryByText(/edited/)).toBeNull();
  // Who wrote it and when stay: the conversation keeps its shape.
  expect(screen.getByText("Bob")).toBeInTheDocument();
});

describe("a reply", () => {
  const replyTo = { id: "m-original", seq: 1, author: { id: "id-Ana", name: "Ana" }, excerpt: "Shall we meet at <b>noon</b>?" };

  test("quotes the author and excerpt of the message it answers, as text", () => {
    const { container } = render(<MessageItem message={storedMessage(2, "Bob", "Yes!", { replyTo })} own={false} actions={actions()} />);
    const quote = screen.getByRole("button", { name: "Reply to Ana: Shall we meet at <b>noon</b>?. Go to the original." });
    expect(within(quote).getByText("Ana")).toBeInTheDocument();
    expect(within(quote).getByText("Shall we meet at <b>noon</b>?")).toBeInTheDocument();
    expect(container.querySelector("b")).toBeNull();
  });

  test("goes to the original on click and on Enter", async () => {
    const act = actions();
    render(<MessageItem message={storedMessage(2, "Bob", "Yes!", { replyTo })} own={false} actions={act} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /^Reply to Ana/ }));
    expect(act.goTo).toHaveBeenCalledWith(replyTo);
    screen.getByRole("button", { name: /^Reply to Ana/ }).focus();
    await user.keyboard("{Enter}");
    expect(act.goTo).toHaveBeenCalledTimes(2);
  });

  test("whose original was deleted says 'Message deleted' in the quote", () => {
    render(<MessageItem message={storedMessage(2, "Bob", "Yes!", { replyTo: { ...replyTo, excerpt: "" } })} own={false} actions={actions()} />);
    const quote = screen.getByRole("button", { name: /^Reply to Ana/ });
    expect(within(quote).getByText("Message deleted")).toBeInTheDocument();
  });
});

describe("reaction chips", () => {
  const reactions = [
    { emoji: "👍", names: ["Ana", "Bob"] },
    { emoji: "🎉", names: ["Cy"] },
  ];

  test("show each emoji with its count; the names are in the tooltip and the accessible label", () => {
    render(<MessageItem message={storedMessage(1, "Bob", "news", { reactions })} own={false} yourName="Ana" actions={actions()} />);
    const list = screen.getByRole("list", { name: "Reactions" });
    const chips = within(list).getAllByRole("button");
    expect(chips.map((chip) => chip.getAttribute("aria-label"))).toEqual(["👍 2: Ana, Bob", "🎉 1: Cy"]);
    expect(chips.map((chip) => chip.textContent)).toEqual(["👍2", "🎉1"]);
    expect(chips[0]).toHaveAttribute("title", "Ana, Bob");
  });

  test("are pressed where you reacted, and a click toggles yours", async () => {
    const act = actions();
    const message = storedMessage(1, "Bob", "news", { reactions });
    render(<MessageItem message={message} own={false} yourName="Ana" actions={act} />);
    const mine = screen.getByRole("button", { name: "👍 2: Ana, Bob" });
    const theirs = screen.getByRole("button", { name: "🎉 1: Cy" });
    expect(mine).toHaveAttribute("aria-pressed", "true");
    expect(theirs).toHaveAttribute("aria-pressed", "false");
    const user = userEvent.setup();
    await user.click(mine);
    await user.click(theirs);
    expect(act.toggleReaction.mock.calls).toEqual([
      [message.id, "👍"],
      [message.id, "🎉"],
    ]);
  });

  test("are absent when nobody reacted", () => {
    render(<MessageItem message={storedMessage(1, "Bob", "news")} own={false} yourName="Ana" actions={actions()} />);
    expect(screen.queryByRole("list", { name: "Reactions" })).toBeNull();
  });
});

test("every emoji the picker offers is one reaction, spelled as the server stores it", () => {
  expect(PICKER_EMOJI.length).toBeGreaterThanOrEqual(24);
  expect(new Set(PICKER_EMOJI.map(([emoji]) => emoji)).size).toBe(PICKER_EMOJI.length);
  for (const [emoji] of PICKER_EMOJI) expect(reactionEmoji(emoji)).toBe(emoji);
});
