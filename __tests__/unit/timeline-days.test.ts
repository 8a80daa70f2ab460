import { GROUP_WITHIN_MS, dayLabel, layoutTimeline } from "@/lib/client/timeline-days";
import { buildTimeline, type Notice } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "../fixtures";

// Dates are built in the local time zone, as the reader sees them: these tests hold in any zone.
const local = (day: number, hour: number, minute: number) => new Date(2026, 2, day, hour, minute);
const NOW = local(20, 12, 0);

function message(seq: number, author: string, at: Date): Message {
  return storedMessage(seq, { author: { id: `id-${author}`, name: author }, createdAt: at.toISOString() });
}

describe("dayLabel", () => {
  it("names today and yesterday by the calendar, not by 24 hours", () => {
    expect(dayLabel(local(20, 0, 1), NOW)).toBe("Today");
    expect(dayLabel(local(19, 23, 59), local(20, 0, 1))).toBe("Yesterday");
    expect(dayLabel(local(19, 0, 0), NOW)).toBe("Yesterday");
  });

  it("gives older days as a date, with the year only when it is another year", () => {
    const older = dayLabel(local(18, 10, 0), NOW);
    expect(older).toBe(new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" }).format(local(18, 10, 0)));
    expect(older).not.toMatch(/2026/);
    expect(dayLabel(new Date(2025, 11, 31, 9, 0), NOW)).toMatch(/2025/);
  });

  it("names the first of a month after the last of the previous one as yesterday", () => {
    expect(dayLabel(new Date(2026, 1, 28, 22, 0), new Date(2026, 2, 1, 8, 0))).toBe("Yesterday");
  });
});

describe("layoutTimeline", () => {
  it("draws a date line before each day's first entry, past days by date", () => {
    const entries = buildTimeline([message(1, "Ana", local(17, 9, 0)), message(2, "Bea", local(17, 18, 0)), message(3, "Ana", local(19, 8, 0)), message(4, "Bea", local(20, 11, 0))], []);
    const labels = layoutTimeline(entries, NOW).dayBefore.map((line) => line?.label);
    expect(labels).toEqual([dayLabel(local(17, 9, 0), NOW), undefined, "Yesterday", "Today"]);
    expect(labels[0]).not.toMatch(/Today|Yesterday/);
  });

  it("across midnight in the local time zone: a new day, and the header again, four minutes later", () => {
    const entries = buildTimeline([message(1, "Ana", local(19, 23, 58)), message(2, "Ana", local(20, 0, 2))], []);
    const layout = layoutTimeline(entries, NOW);
    expect(layout.dayBefore.map((line) => line?.label)).toEqual(["Yesterday", "Today"]);
    expect(layout.grouped).toEqual([false, false]);
  });

  it("groups one author's messages within five minutes of the group's first, and no one else's", () => {
    const entries = buildTimeline(
      [
        message(1, "Ana", local(20, 10, 0)),
        message(2, "Ana", local(20, 10, 3)),
        message(3, "Ana", local(20, 10, 5)),
        message(4, "Ana", local(20, 10, 6)), // 6 minutes after the group's first: a new header
        message(5, "Bea", local(20, 10, 7)),
        message(6, "Ana", local(20, 10, 8)),
      ],
      [],
    );
    expect(layoutTimeline(entries, NOW).grouped).toEqual([false, true, true, false, false, false]);
    expect(GROUP_WITHIN_MS).toBe(5 * 60_000);
  });

  it("a notice between two messages starts a new group; notices and unsent messages are never grouped", () => {
    const notice: Notice = { id: "n", text: "Bea joined the room", afterSeq: 1, at: local(20, 10, 1).toISOString() };
    const outbox = [{ clientId: "c", text: "unsent", createdAt: local(20, 10, 3).toISOString(), status: "pending" as const }];
    const entries = buildTimeline([message(1, "Ana", local(20, 10, 0)), message(2, "Ana", local(20, 10, 2))], [notice], outbox);
    expect(entries.map((entry) => entry.kind)).toEqual(["message", "notice", "message", "outbox"]);
    expect(layoutTimeline(entries, NOW).grouped).toEqual([false, false, false, false]);
  });

  it("unsent messages and notices get a date line too when they start a day", () => {
    const outbox = [{ clientId: "c", text: "unsent", createdAt: local(20, 9, 0).toISOString(), status: "pending" as const }];
    const entries = buildTimeline([message(1, "Ana", local(19, 10, 0))], [], outbox);
    expect(layoutTimeline(entries, NOW).dayBefore.map((line) => line?.label)).toEqual(["Yesterday", "Today"]);
  });

  it("a message dated before the one above it (clocks differ) is not grouped with it", () => {
    const entries = buildTimeline([message(1, "Ana", local(20, 10, 2)), message(2, "Ana", local(20, 10, 0))], []);
    expect(layoutTimeline(entries, NOW).grouped).toEqual([false, false]);
  });
});
