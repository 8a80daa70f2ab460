import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MessageList } from "@/components/message-list";
import { ENTRY_GAP_PX, ESTIMATED_ENTRY_PX } from "@/components/list-window";
import { buildTimeline } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";

function message(seq: number): Message {
  return { id: `m${seq}`, seq, roomCode: "ABCDEFGHJ", clientId: `c${seq}`, author: { id: "b0b0b0b0b0b0b0b0", name: "Bea" }, text: `text ${seq}`, createdAt: "2025-01-02T09:00:00.000Z", version: 0, editedAt: null, deletedAt: null, replyTo: null, reactions: [] };
}

const messages = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const isOwn = () => false;
const ENTRY_PX = 50;
const VIEW_PX = 600;

/**
 * jsdom does no layout: give every entry 50 px, the scroll box 600 px, and the list the scroll
 * height its padding and rendered entries would have, as a browser would.
 */
function fakeLayout() {
  let top = 0;
  const isBox = (element: Element) => element.classList.contains("overflow-y-auto");
  const contentHeight = (box: Element) => {
    const log = box.querySelector<HTMLElement>('[role="log"]');
    if (log === null) return 0;
    const entries = log.children.length;
    return parseFloat(log.style.paddingTop || "0") + entries * ENTRY_PX + Math.max(0, entries - 1) * ENTRY_GAP_PX + parseFloat(log.style.paddingBottom || "0");
  };
  jest.spyOn(Element.prototype, "clientHeight", "get").mockImplementation(function (this: Element) {
    return isBox(this) ? VIEW_PX : 0;
  });
  jest.spyOn(Element.prototype, "scrollHeight", "get").mockImplementation(function (this: Element) {
    return isBox(this) ? contentHeight(this) : 0;
  });
  jest.spyOn(Element.prototype, "scrollTop", "get").mockImplementation(function (this: Element) {
    return isBox(this) ? top : 0;
  });
  jest.spyOn(Element.prototype, "scrollTop", "set").mockImplementation(function (this: Element, value: number) {
    if (isBox(this)) top = Math.max(0, Math.min(value, contentHeight(this) - VIEW_PX));
  });
  jest.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
    const y = this.getAttribute("role") === "log" ? -top : 0;
    const height = this instanceof HTMLElement && this.dataset.key !== undefined ? ENTRY_PX : 0;
    return DOMRect.fromRect({ x: 0, y, width: 400, height });
  });
}

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, "error");
});
afterEach(() => {
  expect(errors).not.toHaveBeenCalled();
  jest.restoreAllMocks();
});

test("without layout (as in jsdom), a long conversation renders every entry", () => {
  render(<MessageList entries={buildTimeline(messages(1, 300), [])} isOwn={isOwn} />);
  expect(screen.getByRole("log").children).toHaveLength(300);
});

describe("a long conversation in a laid-out box", () => {
  function setup() {
    fakeLayout();
    const view = render(<MessageList entries={buildTimeline(messages(101, 600), [])} isOwn={isOwn} hasOlder />);
    const log = screen.getByRole("log", { name: "Conversation" });
    const box = log.parentElement as HTMLElement;
    return { ...view, log, box };
  }

  test("renders only the entries near the viewport, starting with the newest", () => {
    const { log } = setup();
    expect(log.children.length).toBeLessThan(60);
    expect(within(log).getByText("text 600")).toBeInTheDocument();
    expect(within(log).queryByText("text 101")).toBeNull();
  });

  test("renders the oldest ones once the reader scrolls to the top", () => {
    const { log, box } = setup();
    box.scrollTop = 0;
    fireEvent.scroll(box);
    expect(within(log).getByText("text 101")).toBeInTheDocument();
    expect(within(log).queryByText("text 600")).toBeNull();
    expect(log).toHaveAttribute("aria-live", "off");
  });

  test("an older page goes in above without moving what the reader sees", () => {
    const { box, rerender } = setup();
    box.scrollTop = 12_000;
    fireEvent.scroll(box);
    const before = box.scrollTop;
    rerender(<MessageList entries={buildTimeline(messages(51, 600), [])} isOwn={isOwn} hasOlder />);
    // The 50 new entries are not rendered yet: each counts as the estimate.
    expect(box.scrollTop - before).toBe(50 * (ESTIMATED_ENTRY_PX + ENTRY_GAP_PX));
  });

  test("a reader who scrolled up is offered the new messages; one at the bottom follows them", async () => {
    const { log, box, rerender } = setup();
    box.scrollTop = 12_000;
    fireEvent.scroll(box);
    rerender(<MessageList entries={buildTimeline(messages(101, 601), [])} isOwn={isOwn} hasOlder />);
    expect(box.scrollTop).toBe(12_000);
    expect(within(log).queryByText("text 601")).toBeNull();

    await userEvent.setup().click(screen.getByRole("button", { name: "New messages ↓" }));
    fireEvent.scroll(box);
    expect(within(log).getByText("text 601")).toBeInTheDocument();
    expect(log).toHaveAttribute("aria-live", "polite");

    rerender(<MessageList entries={buildTimeline(messages(101, 602), [])} isOwn={isOwn} hasOlder />);
    expect(within(log).getByText("text 602")).toBeInTheDocument();
    expect(box.scrollHeight - box.scrollTop - VIEW_PX).toBe(0);
  });
});

test("a reply's quote brings its original into view when it is outside the rendered window", async () => {
  fakeLayout();
  const shown: Element[] = [];
  Element.prototype.scrollIntoView = jest.fn(function (this: Element) {
    shown.push(this);
  });
  const reply = { ...message(600), text: "the reply", replyTo: { id: "m101", seq: 101, author: message(101).author, excerpt: "text 101" } };
  const actions = { reply: jest.fn(), edit: jest.fn(), remove: jest.fn(), toggleReaction: jest.fn() };
  render(<MessageList entries={buildTimeline([...messages(101, 599), reply], [])} isOwn={isOwn} actions={actions} />);
  const log = screen.getByRole("log");
  expect(log.querySelector('[data-key="m:m101"]')).toBeNull();

  await userEvent.setup().click(screen.getByRole("button", { name: /^Reply to Bea: text 101/ }));
  const original = log.querySelector('[data-key="m:m101"]');
  expect(original).not.toBeNull();
  expect(shown).toEqual([original]);
  expect(original).toHaveFocus();
  expect(log).toHaveAttribute("aria-live", "off");
});

test("a quote's original that older pages bring in is revealed, though the reader sat at the bottom while they loaded", async () => {
  fakeLayout();
  Element.prototype.scrollIntoView = jest.fn();
  const reply = { ...message(600), text: "the reply", replyTo: { id: "m101", seq: 101, author: message(101).author, excerpt: "text 101" } };
  const actions = { reply: jest.fn(), edit: jest.fn(), remove: jest.fn(), toggleReaction: jest.fn() };
  const onLoadOlderUntil = jest.fn(() => new Promise<boolean>(() => undefined));
  const props = { isOwn, actions, onLoadOlderUntil, hasOlder: true };
  const { rerender } = render(<MessageList entries={buildTimeline([...messages(301, 599), reply], [])} {...props} />);
  const log = screen.getByRole("log");
  const box = log.parentElement as HTMLElement;

  await userEvent.setup().click(screen.getByRole("button", { name: /^Reply to Bea: text 101/ }));
  expect(onLoadOlderUntil).toHaveBeenCalledWith(101);
  // Pages go in above while the reader still sees the bottom: a scroll there counts as following again.
  rerender(<MessageList entries={buildTimeline([...messages(201, 599), reply], [])} {...props} />);
  box.scrollTop = box.scrollHeight;
  fireEvent.scroll(box);
  rerender(<MessageList entries={buildTimeline([...messages(101, 599), reply], [])} {...props} />);

  const original = log.querySelector('[data-key="m:m101"]');
  expect(original).not.toBeNull();
  expect(original).toHaveFocus();
  expect(box.scrollTop).toBeLessThan(VIEW_PX);
});
