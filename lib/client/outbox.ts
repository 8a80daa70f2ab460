/**
 * Messages typed but not yet acknowledged. They are kept per room in the browser's storage, so that
 * a reload or a lost connection loses nothing; the session sends them in order, one at a time, with
 * the same clientId on every attempt, so the server stores each exactly once.
 */
import * as z from "zod/mini";
import { ApiErrorSchema } from "../protocol";

const OutboxEntrySchema = z.object({
  clientId: z.string(),
  text: z.string(),
  createdAt: z.string(),
  /** pending: will be sent (again) when possible; failed: refused for good, waits for Retry or Discard. */
  status: z.enum(["pending", "failed"]),
  error: z.optional(ApiErrorSchema),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

export interface OutboxStorage {
  load(roomCode: string): OutboxEntry[];
  save(roomCode: string, entries: readonly OutboxEntry[]): void;
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
        const parsed = z.array(OutboxEntrySchema).safeParse(JSON.parse(storage()?.getItem(key(roomCode)) ?? "[]"));
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

/** The first entry to send: the oldest pending one. Failed entries do not block the ones after them. */
export function nextToSend(entries: readonly OutboxEntry[]): OutboxEntry | undefined {
  return entries.find((entry) => entry.status === "pending");
}

export function withoutClientIds(entries: readonly OutboxEntry[], clientIds: ReadonlySet<string>): readonly OutboxEntry[] {
  return entries.some((entry) => clientIds.has(entry.clientId)) ? entries.filter((entry) => !clientIds.has(entry.clientId)) : entries;
}

export function updateEntry(entries: readonly OutboxEntry[], clientId: string, patch: Partial<OutboxEntry>): readonly OutboxEntry[] {
  return entries.map((entry) => (entry.clientId === clientId ? { ...entry, ...patch } : entry));
}
