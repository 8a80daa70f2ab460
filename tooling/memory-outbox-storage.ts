/** An outbox kept in memory, for RoomSessions driven from Node (tests, the chaos run), where there is no localStorage. */
import type { OutboxStorage, QueueItem } from "../lib/client/outbox";

export function memoryOutboxStorage(): OutboxStorage {
  const rooms = new Map<string, QueueItem[]>();
  return {
    load: (roomCode) => [...(rooms.get(roomCode) ?? [])],
    save: (roomCode, entries) => void rooms.set(roomCode, [...entries]),
  };
}
