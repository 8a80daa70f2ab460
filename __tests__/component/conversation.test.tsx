/**
 * The conversation's composer as it answers and edits: Up arrow edits your last message, Escape
 * cancels, Enter saves; Reply shows the quote above the field and sends the reply; a reply's quote
 * leads back to the original, loading older history when it is not held.
 */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Conversation, type ConversationProps } from "@/components/conversation";
import { buildTimeline } from "@/lib/client/timeline";
import type { Ack, Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

const ok: Ack<null> = { ok: true, data: null };

function setup(messages: Message[], overrides: Partial<ConversationProps> = {}) {
  const props = {
    entries: buildTimeline(messages, []),
    isOwn: (message: Message) => message.author.name === "Ana",
    yourName: "Ana",
    onSend: jest.fn<Promise<Ack<unknown>>, [string, string?]>().mockResolvedValue(ok),
    onEdit: jest.fn<Promise<Ack<unknown>>, [string, string]>().mockResolvedValue(ok),
    onDelete: jest.fn(),
    onToggleReaction: jest.fn(),
    ...overrides,
  };
  const view = render(<Conversation {...props} />);
  return { ...view, props, user: userEvent.setup(), field: screen.getByLabelText("Message") };
}

const mine = storedMessage(1, "Ana", "first of mine");
const latestMine = storedMessage(2, "Ana", "helo wrld");
const theirs = storedMessage(3, "Bob", "from Bob");

describe("editing", () => {
  test("Up arrow in an empty field edits your last message; Enter saves the new text", async () => {
    const { user, field, props } = setup([mine, latestMine, theirs]);
    await user.click(field);
    await user.keyboard("{ArrowUp}");
    expect(screen.getByText("Editing message")).toBeInTheDocument();
    expect(field).toHaveValue("helo wrld");
    expect(field).toHaveFocus();
    expect(screen.getByRole("button", { name: "Save" })).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, "hello world{Enter}");
    expect(props.onEdit).toHaveBeenCalledWith(latestMine.id, "hello world");
    expect(props.onSend).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByText("Editing message")).toBeNull());
    expect(field).toHaveValue("");
  });

  test("skips your deleted messages, and does nothing when you have none", async () => {
    const deleted = storedMessage(2, "Ana", "", { deletedAt: "2025-01-02T09:05:00.000Z" });
    const { user, field } = setup([mine, deleted, theirs]);
    await user.click(field);
    await user.keyboard("{ArrowUp}");
    expect(field).toHaveValue("first of mine");
  });

  test("Up arrow in a field with text moves the caret as usual", async () => {
    const { user, field } = setup([mine, theirs]);
    await user.type(field, "draft{ArrowUp}");
    expect(screen.queryByText("Editing message")).toBeNull();
    expect(field).toHaveValue("draft");
  });

  test("Escape and the cancel button end the edit and bring back what was typed before", async () => {
    const { user, field, props } = setup([mine, theirs]);
    await user.click(field);
    await user.keyboard("{ArrowUp}");
    await user.keyboard("{Escape}");
    expect(screen.queryByText("Editing message")).toBeNull();
    expect(field).toHaveValue("");

    await user.type(field, "half a thought");
    await user.click(screen.getAllByRole("button", { name: /^Actions: Ana/ })[0] as HTMLElement);
    await user.click(await screen.findByRole("menuitem", { name: "Edit" }));
    expect(field).toHaveValue("first of mine");
    await user.click(screen.getByRole("button", { name: "Cancel editing" }));
    expect(field).toHaveValue("half a thought");
    expect(props.onEdit).not.toHaveBeenCalled();
  });

  test("a refused edit stays open with its text and says why", async () => {
    const refused: Ack<unknown> = { ok: false, error: { code: "invalid_payload", message: "Messages cannot contain control characters." } };
    const { user, field } = setup([mine], { onEdit: jest.fn().mockResolvedValue(refused) });
    await user.click(field);
    await user.keyboard("{ArrowUp}");
    await user.type(field, " more{Enter}");
    expect(await screen.findByText("Messages cannot contain control characters.")).toBeInTheDocument();
    expect(screen.getByText("Editing message")).toBeInTheDocument();
    expect(field).toHaveValue("first of mine more");
  });

  test("ends when someone deletes the message being edited", async () => {
    const { user, field, rerender, props } = setup([mine]);
    await user.click(field);
    await user.keyboard("{ArrowUp}");
    const gone = { ...mine, text: "", deletedAt: "2025-01-02T09:09:00.000Z" };
    rerender(<Conversation {...props} entries={buildTimeline([gone], [])} />);
    expect(screen.queryByText("Editing message")).toBeNull();
  });
});

describe("replying", () => {
  test("Reply shows the quote above the field; the next message is sent as a reply", async () => {
    const { user, field, props } = setup([mine, theirs]);
    await user.click(screen.getByRole("button", { name: /^Actions: Bob/ }));
    await user.click(await screen.findByRole("menuitem", { name: "Reply" }));
    expect(screen.getByText("Replying to Bob")).toBeInTheDocument();
    expect(field).toHaveFocus();
    expect(field.getAttribute("aria-describedby")).toContain("composer-target");

    await user.type(field, "answer{Enter}");
    expect(props.onSend).toHaveBeenCalledWith("answer", theirs.id);
    expect(screen.queryByText("Replying to Bob")).toBeNull();
  });

  test("Escape or the cancel button drops the quote; the message then goes out plain", async () => {
    const { user, field, props } = setup([theirs]);
    await user.click(screen.getByRole("button", { name: /^Actions: Bob/ }));
    await user.click(await screen.findByRole("menuitem", { name: "Reply" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByText("Replying to Bob")).toBeNull();

    await user.click(screen.getByRole("button", { name: /^Actions: Bob/ }));
    await user.click(await screen.findByRole("menuitem", { name: "Reply" }));
    await user.click(screen.getByRole("button", { name: "Cancel reply" }));
    await user.type(field, "plain{Enter}");
    expect(props.onSend).toHaveBeenCalledWith("plain", undefined);
  });

  test("the quote shows 'Message deleted' if the original goes while you write", async () => {
    const { user, rerender, props } = setup([theirs]);
    await user.click(screen.getByRole("button", { name: /^Actions: Bob/ }));
    await user.click(await screen.findByRole("menuitem", { name: "Reply" }));
    rerender(<Conversation {...props} entries={buildTimeline([{ ...theirs, text: "", deletedAt: "2025-01-02T09:09:00.000Z" }], [])} />);
    const bar = screen.getByText("Replying to Bob").parentElement as HTMLElement;
    expect(within(bar).getByText("Message deleted")).toBeInTheDocument();
  });
});

describe("a reply's quote", () => {
  const original = storedMessage(40, "Ana", "the original");
  const reply = storedMessage(41, "Bob", "the answer", { replyTo: { id: original.id, seq: 40, author: original.author, excerpt: "the original" } });
  let scrolled: HTMLElement[];
  const entryOf = (message: Message) => screen.getByRole("log").querySelector(`[data-key="m:${message.id}"]`);

  beforeEach(() => {
    scrolled = [];
    Element.prototype.scrollIntoView = jest.fn(function (this: HTMLElement) {
      scrolled.push(this);
    });
  });

  test("scrolls to the original, focuses and highlights it", async () => {
    const { user } = setup([original, reply]);
    await user.click(screen.getByRole("button", { name: /^Reply to Ana/ }));
    const target = entryOf(original);
    expect(scrolled).toEqual([target]);
    expect(target).toHaveFocus();
    expect(target?.querySelector(".outline-amber-400")).not.toBeNull();
  });

  test("loads older history until the original is there, then goes to it", async () => {
    const onLoadOlderUntil = jest.fn().mockResolvedValue(true);
    const { user, rerender, props } = setup([reply], { onLoadOlderUntil, hasOlder: true });
    await user.click(screen.getByRole("button", { name: /^Reply to Ana/ }));
    expect(onLoadOlderUntil).toHaveBeenCalledWith(40);
    expect(scrolled).toEqual([]);

    rerender(<Conversation {...props} entries={buildTimeline([original, reply], [])} />);
    const target = entryOf(original);
    expect(scrolled).toEqual([target]);
    expect(target).toHaveFocus();
  });

  test("says so when the original cannot be loaded", async () => {
    const { user } = setup([reply], { onLoadOlderUntil: jest.fn().mockResolvedValue(false) });
    await user.click(screen.getByRole("button", { name: /^Reply to Ana/ }));
    expect(await screen.findByRole("status")).toHaveTextContent("could not be loaded");
  });
});
