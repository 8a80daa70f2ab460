/**
 * What a hidden tab shows of the messages it has not shown yet: a count in the title, a badge on the
 * icon, and (on return) where the unread ones start. Pure functions; the hook that applies them to the
 * document is components/use-awareness.ts.
 */
import type { Message } from "../protocol";

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** The title without an unread count in front ("(3) K7Q-MXR-3TP · Roomchat" → "K7Q-MXR-3TP · Roomchat"). */
export function baseTitle(title: string): string {
  return title.replace(COUNT_PREFIX, "");
}

/** A count above this shows as "99+", as other chats do, so the title keeps its room code in view. */
const COUNT_SHOWN_MAX = 99;

/** `title` with `count` unread messages in front of it, or as it is when there are none. */
export function unreadTitle(title: string, count: number): string {
  const base = baseTitle(title);
  if (count <= 0) return base;
  return `(${count > COUNT_SHOWN_MAX ? `${COUNT_SHOWN_MAX}+` : count}) ${base}`;
}

/**
 * The messages after `afterSeq` that count as unread: written by someone else (`yourId` is your
 * author id in this room) and not deleted. `messages` is in seq order.
 */
export function unreadMessages(messages: readonly Message[], afterSeq: number, yourId: string | null): Message[] {
  const unread: Message[] = [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i]!;
    if (message.seq <= afterSeq) break;
    if (message.author.id !== yourId && message.deletedAt === null) unread.push(message);
  }
  return unread.reverse();
}

/**
 * The app's icon (app/icon.svg) with a red dot in its corner, as a data URL: a second icon drawn here
 * rather than fetched, so a tab that lost its connection still shows it.
 */
export const BADGED_ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/>' +
      '<path d="M9 10h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-8l-5 4v-4H9a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2z" fill="#fff"/>' +
      '<circle cx="25" cy="7" r="7" fill="#dc2626" stroke="#fff" stroke-width="2"/></svg>',
  );
