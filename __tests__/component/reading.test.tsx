import { act, render, screen, within } from "@testing-library/react";
import { MessageList } from "@/components/message-list";
import { buildTimeline } from "@/lib/client/timeline";
import { dayLabel } from "@/lib/client/timeline-days";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

const DAY_MS = 24 * 60 * 60_000;
/** Today at hh:mm in the local time zone, `daysAgo` days back by the calendar. */
function at(daysAgo: number, hours: number, minutes: number): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hours, minutes);
}
const message = (seq: number, author: string, text: string, when: Date): Message => storedMessage(seq, author, text, { createdAt: when.toISOString() });
const isAnaOwn = (m: Message) => m.author.name === "Ana";

/** The message element that shows `text`. */
const bubbleOf = (text: string) => screen.getByText(text).closest("[data-own]") as HTMLElement;

test("date lines before each day: a date for older days, then Yesterday and Today", () => {
  const older = at(3, 10, 0);
  const messages = [message(1, "Ana", "long ago", older), message(2, "Bea", "same day", at(3, 11, 0)), message(3, "Bea", "yesterday's", at(1, 9, 0)), message(4, "Ana", "today's", at(0, 0, 1))];
  render(<MessageList entries={buildTimeline(messages, [])} isOwn={isAnaOwn} />);

  const lines = screen.getAllByRole("separator");
  expect(lines.map((line) => line.getAttribute("aria-label"))).toEqual([dayLabel(older, new Date()), "Yesterday", "Today"]);
  expect(lines[0]).toHaveTextContent(dayLabel(older, new Date()));
  expect(Date.now() - older.getTime()).toBeGreaterThan(2 * DAY_MS);
  // Each line is drawn in the entry of its day's first message, so the log's entries stay one per item.
  const log = screen.getByRole("log");
  expect(log.children).toHaveLength(4);
  expect(within(log.children[2] as HTMLElement).getByRole("separator")).toHaveAccessibleName("Yesterday");
  expect(within(log.children[1] as HTMLElement).queryByRole("separator")).toBeNull();
});

test("close messages of one author share a header; the time stays on hover and for screen readers", () => {
  const messages = [
    message(1, "Bea", "first", at(1, 14, 0)),
    message(2, "Bea", "second", at(1, 14, 2)),
    message(3, "Ana", "mine", at(1, 14, 3)),
    message(4, "Bea", "third", at(1, 14, 4)),
    message(5, "Bea", "much later", at(1, 14, 30)),
  ];
  render(<MessageList entries={buildTimeline(messages, [])} isOwn={isAnaOwn} />);

  const name = (text: string) => within(bubbleOf(text)).getByText(/^(Ana|Bea)$/);
  expect(name("first")).not.toHaveClass("sr-only");
  expect(name("second")).toHaveClass("sr-only");
  expect(name("mine")).not.toHaveClass("sr-only");
  expect(name("third")).not.toHaveClass("sr-only");
  expect(name("much later")).not.toHaveClass("sr-only");

  const second = bubbleOf("second");
  const time = second.querySelector("time");
  expect(time).toHaveClass("sr-only");
  expect(time).toHaveAttribute("dateTime", messages[1]?.createdAt);
  expect(time?.textContent).toMatch(/\d{1,2}:\d{2}/);
  // The exact time on hover: the bubble's tooltip, and the time's own.
  const full = time?.getAttribute("title") ?? "";
  expect(full.length).toBeGreaterThan(10);
  expect(second.querySelector(`[title="${full}"]:not(time)`)).not.toBeNull();
  expect(bubbleOf("first").querySelector("time")).not.toHaveClass("sr-only");
});

test("Markdown in the list: formatted messages, plain ones unchanged", async () => {
  const messages = [message(1, "Bea", "**bold** and `code`", at(0, 9, 0)), message(2, "Bea", "plain\ntwo lines", at(0, 9, 1))];
  render(<MessageList entries={buildTimeline(messages, [])} isOwn={isAnaOwn} />);
  // The reader is loaded by the test setup; one turn lets the list's subscription settle.
  await act(() => Promise.resolve());

  expect(screen.getByText("bold").tagName).toBe("STRONG");
  expect(screen.getByText("code").tagName).toBe("CODE");
  const plain = screen.getByText((_content, element) => element?.tagName === "P" && element.textContent === "plain\ntwo lines");
  expect(plain).toHaveClass("whitespace-pre-wrap");
});

test("the reader loads once, on the first subscription, and tells those still subscribed", async () => {
  await jest.isolateModulesAsync(async () => {
    const { loadMarkdown, markdownParser, subscribeMarkdown } = await import("@/lib/client/load-markdown");
    expect(markdownParser()).toBeNull();
    const heard = jest.fn();
    const gone = jest.fn();
    const stop = subscribeMarkdown(heard);
    subscribeMarkdown(gone)();
    expect(heard).not.toHaveBeenCalled();
    // The load the subscriptions started (one promise per page), not a new one.
    await loadMarkdown();
    expect(heard).toHaveBeenCalledTimes(1);
    expect(gone).not.toHaveBeenCalled();
    expect(markdownParser()?.("*x*")).toEqual([{ type: "paragraph", children: [{ type: "em", children: [{ type: "text", text: "x" }] }] }]);
    stop();
  });
});
