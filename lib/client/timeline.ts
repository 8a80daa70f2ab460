/**
 * Pure helpers for what the room shows: messages merged by id in seq order, and join/leave notices
 * placed after the last message that was shown when they happened.
 */
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

/** Adds `incoming` to `current` (both in seq order), keeping one copy per id. Returns `current` if nothing changed. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((message) => [message.id, message]));
  let changed = false;
  for (const message of incoming) {
    if (!byId.has(message.id)) {
      byId.set(message.id, message);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
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
