/** Test data shared by unit tests. */
import type { Message } from "@/lib/protocol";

/** A stored message with the given seq; id and clientId derive from it unless given. */
export function storedMessage(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `id-${seq}`,
    seq,
    roomCode: "ABCDEFGHJ",
    clientId: `c-${seq}`,
    author: { name: "Ana" },
    text: `text ${seq}`,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}
