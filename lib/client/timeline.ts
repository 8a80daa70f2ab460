/**
 * Pure helpers for what the room shows: messages merged by id in seq order (of two copies of one, the
 * higher version), and join/leave notices placed after the last message that was shown when they
 * happened.
 */
import { replyExcerpt } from "../protocol-rules";
import type { Message } from "../protocol";
import type { OutboxEntry } from "./outbox";

export interface Notice {
  id: string;
  text: string;
  /** The highest seq shown when the notice arrived: it is drawn after that message. */
  afterSeq: number;
  at: string;
}

export type TimelineEntry =
  | { kind: "message"; key: string; message: Message }
  | { kind: "notice"; key: string; notice: Notice }
  | { kind: "outbox"; key: string; entry: OutboxEntry };

/**
 * Adds `incoming` to `current` (both in seq order), keeping one copy per id: the one with the higher
 * version (a copy that arrives late, from a page read before a change, never undoes it). Returns
 * `current` if nothing changed.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((message) => [message.id, message]));
  let added = false;
  let replaced = false;
  for (const message of incoming) {
    const held = byId.get(message.id);
    if (held === undefined) added = true;
    else if (message.version > held.version) replaced = true;
    else continue;
    byId.set(message.id, message);
  }
  if (!added && !replaced) return current;
  const merged = [...byId.values()];
  // Only a new message can be out of place; a newer copy takes its old one's place.
  return added ? merged.sort((a, b) => a.seq - b.seq) : merged;
}

/**
 * What the replies among `messages` show of `changed`, the message they answer, brought up to date
 * (the server reads a quote from the answered message at every read; a reply's own version does not
 * move when the answered one changes). Returns `messages` if no reply quotes it.
 */
export function withQuotesOf(messages: readonly Message[], changed: Message): readonly Message[] {
  return withQuotes(messages, (message) => (message.replyTo?.id === changed.id ? changed : undefined));
}

/**
 * The replies among `messages` whose answered message `answered` knows, their quotes taken from it
 * (a reply read before the message it answers changed brings an older quote than the copy held).
 */
export function withQuotes(messages: readonly Message[], answered: (reply: Message) => Message | undefined): readonly Message[] {
  let touched = false;
  const next = messages.map((message) => {
    const target = message.replyTo === null ? undefined : answered(message);
    if (target === undefined || message.replyTo === null) return message;
    const excerpt = replyExcerpt(target.text);
    if (message.replyTo.excerpt === excerpt) return message;
    touched = true;
    return { ...message, replyTo: { ...message.replyTo, excerpt } };
  });
  return touched ? next : messages;
}


export function lastSeq(messages: readonly Message[]): number {
  return messages.at(-1)?.seq ?? 0;
}

/** The highest seq reached from `synced` by consecutive seqs present in `messages` (sorted by seq). */
export function advanceSynced(messages: readonly Message[], synced: number): number {
  let next = synced;
  // Walk back from the end to the first message above `synced`, then forward while seqs are consecutive.
  let start = messages.length;
  while (start > 0 && (messages[start - 1]?.seq ?? 0) > synced) start -= 1;
  for (let i = start; i < messages.length && messages[i]?.seq === next + 1; i += 1) next += 1;
  return next;
}

/** Interleaves notices into the message list by their afterSeq; unsent own messages come last, in order. */
export function buildTimeline(messages: readonly Message[], notices: readonly Notice[], outbox: readonly OutboxEntry[] = []): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let next = 0;
  const pushNoticesUpTo = (seq: number) => {
    while (next < notices.length && (notices[next]?.afterSeq ?? Infinity) <= seq) {
      const notice = notices[next] as Notice;
      entries.push({ kind: "notice", key: `n:${notice.id}`, notice });
      next += 1;
    }
  };
  for (const message of messages) {
    pushNoticesUpTo(message.seq - 1);
    entries.push({ kind: "message", key: `m:${message.id}`, message });
  }
  pushNoticesUpTo(Infinity);
  for (const entry of outbox) entries.push({ kind: "outbox", key: `o:${entry.clientId}`, entry });
  return entries;
}
