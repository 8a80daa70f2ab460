import { useEveryMinute } from "@/lib/client/clock";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });
const spoken = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
const ago = new Intl.RelativeTimeFormat(undefined, { style: "short" });

/** Until a message is this old (ms) its header says how long ago it was sent; then the clock time. */
export const RELATIVE_WITHIN_MS = 60 * 60_000;

/** The clock time of `at`, as a message's header shows it once it is an hour old ("14:05"). */
export function clockTime(at: number | string): string {
  return clock.format(new Date(at));
}

/** The date and time to the second, for tooltips ("Monday, 7 December 2026 at 14:05:09"). */
export function exactTime(at: number | string): string {
  return exact.format(new Date(at));
}

/**
 * What a header shows at `now` for something sent at `at`: "just now" in its first minute, "12 min.
 * ago" in its first hour (it reads better than a clock time while a conversation is live), then the
 * clock time: the date line above says which day. A time ahead of `now` (a clock a little off) reads
 * "just now" for a minute, then as a clock time.
 */
export function shortTime(at: number, now: number): string {
  const age = now - at;
  if (Math.abs(age) < 60_000) return "just now";
  if (age > 0 && age < RELATIVE_WITHIN_MS) return ago.format(-Math.floor(age / 60_000), "minute");
  return clockTime(at);
}

/**
 * A message's or notice's time: short on screen (shortTime, kept current by the page's one minute
 * timer), the exact time on hover, and the date and time in words for screen readers, which do not
 * hear the short form.
 */
export function Time({ iso, className }: { iso: string; className: string }) {
  const at = Date.parse(iso);
  const short = useEveryMinute(() => shortTime(at, Date.now()));
  return (
    <time dateTime={iso} title={exactTime(at)} className={className}>
      <span aria-hidden="true">{short}</span>
      <span className="sr-only">{spoken.format(at)}</span>
    </time>
  );
}
