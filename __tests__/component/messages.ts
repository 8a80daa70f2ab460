import type { Message } from "@/lib/protocol";

/** A stored message as the server serves it; `patch` changes what a test is about. */
export function storedMessage(seq: number, author: string, text: string, patch: Partial<Message> = {}): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    seq,
    roomCode: "ABCDEFGHJ",
    clientId: `c${seq}`,
    author: { id: `id-${author}`, name: author },
    text,
    createdAt: new Date(Date.UTC(2025, 0, 2, 9, seq)).toISOString(),
    version: 0,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    ...patch,
  };
}
