/** Test data and reads shared by the PostgreSQL scale tests. */
import { openPostgresStore } from "@/lib/store/postgres";
import type { ChatStore, NewMessage } from "@/lib/store/types";

/** A store as one instance would open it, with a pool of its own (and ROOM_STORAGE_MB's default quota unless given). */
export const open = (url: string, roomQuotaBytes = 64 * 1024 * 1024) => openPostgresStore({ url, poolSize: 4, roomQuotaBytes });

export const ROOMS = ["ROOMAAAAA", "ROOMBBBBB", "ROOMCCCCC", "ROOMDDDDD"] as const;
let sent = 0;
export function send(roomCode: string, authorId: string, overrides: Partial<NewMessage> = {}): NewMessage {
  sent += 1;
  return { roomCode, authorId, authorName: authorId, clientId: crypto.randomUUID(), text: `m${sent}`, createdAt: new Date(), ...overrides };
}

/** Every stored seq of a room, oldest first. */
export async function storedSeqs(store: ChatStore, roomCode: string): Promise<number[]> {
  return (await store.listMessagesAfter(roomCode, 0, 100_000)).messages.map((message) => message.seq);
}
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
