/**
 * The time as the room page shows it: one timer for every reader, firing at each new minute while
 * anything listens, so that "2 min ago" and "Today" move on in a page left open all day. A reader
 * takes a snapshot that changes rarely (a label, a day) and re-renders only when that changes.
 */
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  // A little past the minute, so that a reader computing from Date.now() sees the new minute.
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 20);
}

function tick(): void {
  timer = undefined;
  for (const listener of [...listeners]) listener();
  if (listeners.size > 0) schedule();
}

/** Calls `listener` at each new minute until the returned function is called. */
export function subscribeMinutes(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) schedule();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

/**
 * `read()` now, read again at each new minute; the component re-renders only when the value differs
 * (compare with Object.is: return a string or number). The server renders `read()` too.
 */
export function useEveryMinute<T>(read: () => T): T {
  return useSyncExternalStore(subscribeMinutes, read, read);
}

/** A local calendar day as one comparable number: yyyymmdd. */
export function dayNumber(date: Date): number {
  return date.getFullYear() * 10_000 + (date.getMonth() + 1) * 100 + date.getDate();
}

/** The local midnight that starts day `day` (a dayNumber). */
export function dayStart(day: number): Date {
  return new Date(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100);
}

const today = (): number => dayNumber(new Date());

/** Today's local day number (dayNumber), which changes at midnight. */
export function useToday(): number {
  return useEveryMinute(today);
}
