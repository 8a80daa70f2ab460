/**
 * How the room's timeline reads: a date line ("Today", "Yesterday", then the date) before the first
 * entry of each day, in the reader's time zone, and a message that follows one by the same author
 * within a few minutes sharing that message's header. Both are worked out once per timeline, as
 * arrays beside it, so that the list's entries and their keys stay as they are (the windowed list
 * measures entries by key) and a message does no work of its own.
 */
import { dayNumber } from "./clock";
import type { TimelineEntry } from "./timeline";

/** Messages of one author this close together (ms) share one header. */
export const GROUP_WITHIN_MS = 5 * 60_000;

export interface TimelineLayout {
  /** For each entry, the date line drawn before it, if it is the first of its day. */
  dayBefore: readonly (DayLine | undefined)[];
  /** For each entry, true if it is a message that shares the header message's header. */
  grouped: readonly boolean[];
}

export interface DayLine {
  /** "Today", "Yesterday", or the date, as words. */
  label: string;
}

interface Stamp {
  date: Date;
  /** The local calendar day (dayNumber). */
  day: number;
}

// A message's stamp, read once: the layout runs over every loaded message (up to thousands) at each
// new message or older page, and reading a local date is the costly part.
const messageStamps = new WeakMap<object, Stamp>();

function stamp(iso: string): Stamp {
  const date = new Date(iso);
  return { date, day: dayNumber(date) };
}

function entryStamp(entry: TimelineEntry): Stamp {
  if (entry.kind === "notice") return stamp(entry.notice.at);
  if (entry.kind === "outbox") return stamp(entry.entry.createdAt);
  let known = messageStamps.get(entry.message);
  if (known === undefined) {
    known = stamp(entry.message.createdAt);
    messageStamps.set(entry.message, known);
  }
  return known;
}

const weekdayAndDate = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
const fullDate = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** The words for `day` seen from `now`: the year is shown only when it is not this year's. */
export function dayLabel(day: Date, now: Date): string {
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayNumber(day) === dayNumber(now)) return "Today";
  if (dayNumber(day) === dayNumber(yesterday)) return "Yesterday";
  return (day.getFullYear() === now.getFullYear() ? weekdayAndDate : fullDate).format(day);
}

/** Date lines and shared headers for `entries` (in timeline order), read in the local time zone at `now`. */
export function layoutTimeline(entries: readonly TimelineEntry[], now: Date): TimelineLayout {
  const dayBefore: (DayLine | undefined)[] = [];
  const grouped: boolean[] = [];
  let lastDay = -1;
  let header: { author: string; at: number } | null = null; // the first message of the current group
  for (const entry of entries) {
    const { date, day } = entryStamp(entry);
    const newDay = day !== lastDay;
    dayBefore.push(newDay ? { label: dayLabel(date, now) } : undefined);
    lastDay = day;
    const at = date.getTime();
    if (entry.kind !== "message") {
      grouped.push(false);
      // A notice between two messages breaks the group; an unsent message of your own starts none.
      header = null;
      continue;
    }
    const author = entry.message.author.id;
    // Measured from the group's first message, whose header shows the time: a slow stream of
    // messages gets a fresh header every few minutes.
    const joins = !newDay && header !== null && header.author === author && at - header.at >= 0 && at - header.at <= GROUP_WITHIN_MS;
    grouped.push(joins);
    if (!joins) header = { author, at };
  }
  return { dayBefore, grouped };
}
