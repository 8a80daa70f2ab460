import { act, render, screen } from "@testing-library/react";
import { MessageList } from "@/components/message-list";
import { clockTime, shortTime } from "@/components/message-time";
import { buildTimeline } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

const MINUTE = 60_000;
// 23:58:30 local time, so that two minutes later it is tomorrow.
const START = new Date(2026, 11, 7, 23, 58, 30);

beforeEach(() => jest.useFakeTimers({ now: START }));
afterEach(() => jest.useRealTimers());

const message = (seq: number, text: string, when: Date): Message => storedMessage(seq, "Bea", text, { createdAt: when.toISOString() });
const isAnaOwn = (m: Message) => m.author.name === "Ana";
/** What a sighted reader sees of the time of the message that shows `text`. */
const shownTime = (text: string) => screen.getByText(text).closest("[data-own]")?.querySelector("time [aria-hidden]")?.textContent;
const spokenTime = (text: string) => screen.getByText(text).closest("[data-own]")?.querySelector("time .sr-only")?.textContent;

test("a header says how long ago in the first hour, then the clock time", () => {
  const now = START.getTime();
  expect(shortTime(now - 20_000, now)).toBe("just now");
  expect(shortTime(now + 20_000, now)).toBe("just now");
  expect(shortTime(now - 5 * MINUTE, now)).toMatch(/^5 min.* ago$/);
  expect(shortTime(now - 59 * MINUTE, now)).toMatch(/^59 min.* ago$/);
  expect(shortTime(now - 60 * MINUTE, now)).toBe(clockTime(now - 60 * MINUTE));
  expect(shortTime(now + 5 * MINUTE, now)).toBe(clockTime(now + 5 * MINUTE));
  expect(clockTime(now)).toMatch(/\d{1,2}:\d{2}/);
});

test("relative times move on by themselves, and screen readers hear the date and time instead", () => {
  const fresh = message(2, "fresh", START);
  const older = new Date(START.getTime() - 3 * 60 * MINUTE);
  render(<MessageList entries={buildTimeline([message(1, "older", older), fresh], [])} isOwn={isAnaOwn} />);

  expect(shownTime("fresh")).toBe("just now");
  expect(shownTime("older")).toBe(clockTime(older.getTime()));
  expect(spokenTime("fresh")).toContain("2026");
  expect(spokenTime("fresh")).not.toMatch(/ago|just now/);

  act(() => jest.advanceTimersByTime(3 * MINUTE));
  expect(shownTime("fresh")).toMatch(/^3 min.* ago$/);
  expect(shownTime("older")).toBe(clockTime(older.getTime()));

  act(() => jest.advanceTimersByTime(60 * MINUTE));
  expect(shownTime("fresh")).toBe(clockTime(START.getTime()));
});

test("at midnight Today's date line becomes Yesterday without a new message", () => {
  render(<MessageList entries={buildTimeline([message(1, "late", START)], [])} isOwn={isAnaOwn} />);
  expect(screen.getByRole("separator")).toHaveAccessibleName("Today");

  act(() => jest.advanceTimersByTime(2 * MINUTE));
  expect(screen.getByRole("separator")).toHaveAccessibleName("Yesterday");
});

test("the page keeps one minute timer while times are shown, and none once they are gone", () => {
  const before = jest.getTimerCount();
  const { unmount } = render(<MessageList entries={buildTimeline([message(1, "a", START), message(2, "b", START)], [])} isOwn={isAnaOwn} />);
  expect(jest.getTimerCount()).toBeLessThanOrEqual(before + 1);
  unmount();
  expect(jest.getTimerCount()).toBe(before);
});
