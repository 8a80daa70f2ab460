import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MessageList } from "@/components/message-list";
import { buildTimeline, type Notice } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

/** A stored message with the short id this file's tests have always used. */
const message = (seq: number, name: string, text: string): Message => storedMessage(seq, name, text, { id: `m${seq}` });

function notice(id: string, text: string, afterSeq: number): Notice {
  return { id, text, afterSeq, at: "2025-01-02T09:00:30.000Z" };
}

const isAnaOwn = (m: Message) => m.author.name === "Ana";

test("shows each message's author, time and text in a log", () => {
  const first = message(1, "Bea", "Hello there");
  render(<MessageList entries={buildTimeline([first], [])} isOwn={isAnaOwn} />);

  const log = screen.getByRole("log", { name: "Conversation" });
  expect(within(log).getByText("Bea")).toBeInTheDocument();
  expect(within(log).getByText("Hello there")).toBeInTheDocument();
  const time = log.querySelector("time");
  expect(time).toHaveAttribute("dateTime", first.createdAt);
  expect(time?.textContent).toMatch(/\d{1,2}:\d{2}/);
});

test("markup in a message is shown as text, never turned into elements", () => {
  const img = "<img src=x onerror=alert(1)>";
  const script = "<script>alert(2)</script>";
  const { container } = render(
    <MessageList entries={buildTimeline([message(1, "<b>Eve</b>", img), message(2, "Eve", script)], [])} isOwn={isAnaOwn} />,
  );

  expect(container.textContent).toContain(img);
  expect(container.textContent).toContain(script);
  expect(container.textContent).toContain("<b>Eve</b>");
  expect(container.querySelector("img, script, b")).toBeNull();
});

test("keeps line breaks and spaces of a message", () => {
  render(<MessageList entries={buildTimeline([message(1, "Bea", "line one\n  line two")], [])} isOwn={isAnaOwn} />);
  expect(screen.getByText((_, element) => element?.textContent === "line one\n  line two" && element.tagName === "P")).toBeInTheDocument();
});

test("marks the reader's own messages, visibly and for screen readers", () => {
  render(<MessageList entries={buildTimeline([message(1, "Ana", "mine"), message(2, "Bea", "theirs")], [])} isOwn={isAnaOwn} />);

  const mine = screen.getByText("mine").closest("[data-own]");
  const theirs = screen.getByText("theirs").closest("[data-own]");
  expect(mine).toHaveAttribute("data-own", "true");
  expect(theirs).toHaveAttribute("data-own", "false");
  expect(within(mine as HTMLElement).getByText(/\(you\)/)).toBeInTheDocument();
  expect(within(theirs as HTMLElement).queryByText(/\(you\)/)).toBeNull();
});

test("notices appear between the messages they happened between, in order", () => {
  const messages = [message(1, "Ana", "first"), message(2, "Bea", "second")];
  const notices = [notice("1", "Bea joined the room", 1), notice("2", "Cy left the room", 2)];
  render(<MessageList entries={buildTimeline(messages, notices)} isOwn={isAnaOwn} />);

  const texts = Array.from(screen.getByRole("log").children, (child) => child.textContent ?? "");
  expect(texts).toHaveLength(4);
  expect(texts[0]).toContain("first");
  expect(texts[1]).toContain("Bea joined the room");
  expect(texts[2]).toContain("second");
  expect(texts[3]).toContain("Cy left the room");
});

test("offers older messages only when there are some", async () => {
  const onLoadOlder = jest.fn();
  const entries = buildTimeline([message(5, "Bea", "hi")], []);
  const { rerender } = render(<MessageList entries={entries} isOwn={isAnaOwn} hasOlder onLoadOlder={onLoadOlder} />);
  await userEvent.setup().click(screen.getByRole("button", { name: "Load older messages" }));
  expect(onLoadOlder).toHaveBeenCalledTimes(1);

  rerender(<MessageList entries={entries} isOwn={isAnaOwn} hasOlder={false} onLoadOlder={onLoadOlder} />);
  expect(screen.queryByRole("button", { name: /older messages/ })).toBeNull();
});

/** jsdom does no layout: give the scroll box the sizes a browser would. */
function fakeScrollBox(box: HTMLElement, size: { height: number; client: number; top: number }) {
  Object.defineProperty(box, "scrollHeight", { configurable: true, get: () => size.height });
  Object.defineProperty(box, "clientHeight", { configurable: true, get: () => size.client });
  Object.defineProperty(box, "scrollTop", { configurable: true, get: () => size.top, set: (value: number) => (size.top = value) });
}

describe("scrolling", () => {
  const older = message(1, "Bea", "older");
  const base = [message(2, "Bea", "a"), message(3, "Bea", "b")];

  function setup(hasOlder: boolean, onLoadOlder = jest.fn()) {
    const view = render(<MessageList entries={buildTimeline(base, [])} isOwn={isAnaOwn} hasOlder={hasOlder} onLoadOlder={onLoadOlder} />);
    const box = screen.getByRole("log").parentElement as HTMLElement;
    const size = { height: 1000, client: 300, top: 700 };
    fakeScrollBox(box, size);
    return { ...view, box, size, onLoadOlder };
  }

  test("a reader who scrolled up is offered a jump to new messages instead of being moved", async () => {
    const { box, size, rerender } = setup(false);
    size.top = 200;
    fireEvent.scroll(box);

    size.height = 1100;
    rerender(<MessageList entries={buildTimeline([...base, message(4, "Bea", "new")], [])} isOwn={isAnaOwn} />);
    expect(size.top).toBe(200);
    await userEvent.setup().click(screen.getByRole("button", { name: "New messages ↓" }));
    expect(size.top).toBe(1100);
    expect(screen.queryByRole("button", { name: "New messages ↓" })).toBeNull();
  });

  test("a reader at the bottom follows new messages", () => {
    const { size, rerender } = setup(false);
    size.height = 1100;
    rerender(<MessageList entries={buildTimeline([...base, message(4, "Bea", "new")], [])} isOwn={isAnaOwn} />);
    expect(size.top).toBe(1100);
    expect(screen.queryByRole("button", { name: "New messages ↓" })).toBeNull();
  });

  test("reaching the top loads older messages, which then appear without moving the view", () => {
    const { box, size, rerender, onLoadOlder } = setup(true);
    size.top = 10;
    fireEvent.scroll(box);
    expect(onLoadOlder).toHaveBeenCalledTimes(1);

    size.height = 1400;
    rerender(<MessageList entries={buildTimeline([older, ...base], [])} isOwn={isAnaOwn} hasOlder={false} onLoadOlder={onLoadOlder} />);
    expect(size.top).toBe(410);
  });
});
