/**
 * What this browser did in a room that the server has not acknowledged yet: messages typed, and
 * edits, deletions and reactions. They are kept per room in the browser's storage, so that a reload
 * or a lost connection loses nothing; the session sends them in the order they were made, one at a
 * time, with the same clientId on every attempt for a message, so the server stores each exactly once
 * (a change is idempotent by itself: the same edit twice is one state).
 */
import * as z from "zod/mini";
import { ApiErrorSchema } from "../protocol";

const OutboxEntrySchema = z.object({
  /** Absent in what the release before changes wrote: every entry then was a message. */
  kind: z.optional(z.literal("send")),
  clientId: z.string(),
  text: z.string(),
  createdAt: z.string(),
  /** pending: will be sent (again) when possible; failed: refused for good, waits for Retry or Discard. */
  status: z.enum(["pending", "failed"]),
  error: z.optional(ApiErrorSchema),
  /** The id of the message this one answers. */
  replyTo: z.optional(z.string()),
  /** pending, held back by a refusal that is retried (rate_limited...): sent again at this time (epoch ms), `error` says why. */
  retryAt: z.optional(z.number()),
});
/** A message waiting to be stored. */
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

const QueuedChangeSchema = z.object({
  kind: z.enum(["edit", "delete", "react"]),
  /** The entry's own id in the queue (never sent). */
  clientId: z.string(),
  messageId: z.string(),
  /** edit: the new text; react: the emoji. */
  text: z.optional(z.string()),
  emoji: z.optional(z.string()),
  /** react: add (true) or remove (false). */
  add: z.optional(z.boolean()),
  createdAt: z.string(),
  status: z.literal("pending"),
});
/** An edit, deletion or reaction waiting to be stored. A refused one leaves the queue (with a notice). */
export type QueuedChange = z.infer<typeof QueuedChangeSchema>;

export type QueueItem = OutboxEntry | QueuedChange;

const QueueSchema = z.array(z.union([QueuedChangeSchema, OutboxEntrySchema]));

export function isMessageEntry(item: QueueItem): item is OutboxEntry {
  return item.kind === undefined || item.kind === "send";
}

export interface OutboxStorage {
  load(roomCode: string): QueueItem[];
  save(roomCode: string, entries: readonly QueueItem[]): void;
}

const key = (roomCode: string) => `roomchat:outbox:${roomCode}`;

/** localStorage, shared by the tabs of one browser. Unreadable or foreign data is ignored. */
export function browserOutboxStorage(): OutboxStorage {
  const storage = (): Storage | null => {
    try {
      return typeof window === "undefined" ? null : window.localStorage;
    } catch {
      return null;
    }
  };
  return {
    load(roomCode) {
      try {
        const parsed = QueueSchema.safeParse(JSON.parse(storage()?.getItem(key(roomCode)) ?? "[]"));
        return parsed.success ? parsed.data : [];
      } catch {
        return [];
      }
    },
    save(roomCode, entries) {
      try {
        if (entries.length === 0) storage()?.removeItem(key(roomCode));
        else storage()?.setItem(key(roomCode), JSON.stringify(entries));
      } catch {
        // Storage full or disabled: the outbox still works for this page's lifetime.
      }
    },
  };
}

/** The first item to send: the oldest pending one. Failed messages do not block the items after them. */
export function nextToSend<T extends QueueItem>(entries: readonly T[]): T | undefined {
  return entries.find((entry) => entry.status === "pending");
}

export function withoutClientIds<T extends QueueItem>(entries: readonly T[], clientIds: ReadonlySet<string>): readonly T[] {
  return entries.some((entry) => clientIds.has(entry.clientId)) ? entries.filter((entry) => !clientIds.has(entry.clientId)) : entries;
}

export function updateEntry<T extends QueueItem>(entries: readonly T[], clientId: string, patch: Partial<OutboxEntry>): readonly T[] {
  return entries.map((entry) => (entry.clientId === clientId && isMessageEntry(entry) ? { ...entry, ...patch } : entry));
}
