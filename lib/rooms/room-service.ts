/**
 * The chat's rules over the store: rooms are created with fresh codes, messages get their author from
 * the server-side identity, and history is read in keyset pages. Knows nothing of HTTP or Socket.IO.
 */
import type { ChatStore, MessagePage, Room } from "../store/types";
import type { Message } from "../protocol";
import { generateRoomCode } from "./codes";
import { DomainError } from "./errors";

export interface Author {
  roomCode: string;
  memberId: string;
  name: string;
}

export interface RoomServiceDeps {
  store: ChatStore;
  now?: () => Date;
  newCode?: () => string;
}

export interface RoomService {
  createRoom(): Promise<Room>;
  findRoom(code: string): Promise<Room | null>;
  /** Throws DomainError("room_not_found"). */
  requireRoom(code: string): Promise<Room>;
  /** Stores the message (or finds the one a retry already stored) and tells which. */
  postMessage(author: Author, input: { text: string; clientId: string }): Promise<{ message: Message; created: boolean }>;
  history(code: string, page: { limit: number; before?: number | undefined }): Promise<MessagePage>;
  /** Catch-up: the messages after `afterSeq`, oldest first. */
  messagesAfter(code: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
}

// With 44.6 bits per code a collision is astronomically rare; a few retries make it impossible in practice.
const CREATE_ATTEMPTS = 5;

export function createRoomService({ store, now = () => new Date(), newCode = generateRoomCode }: RoomServiceDeps): RoomService {
  const requireRoom = async (code: string): Promise<Room> => {
    const room = await store.getRoom(code);
    if (room === null) throw new DomainError("room_not_found", "There is no room with that code.");
    return room;
  };

  return {
    async createRoom() {
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const room = await store.createRoom(newCode(), now());
        if (room !== null) return room;
      }
      throw new Error("Could not find a free room code");
    },

    findRoom: (code) => store.getRoom(code),
    requireRoom,

    async postMessage(author, { text, clientId }) {
      const result = await store.appendMessage({
        roomCode: author.roomCode,
        authorId: author.memberId,
        authorName: author.name,
        clientId,
        text,
        createdAt: now(),
      });
      if (result === null) throw new DomainError("room_not_found", "This room no longer exists.");
      return result;
    },

    async history(code, page) {
      await requireRoom(code);
      return store.listMessages(code, page);
    },

    async messagesAfter(code, afterSeq, limit) {
      await requireRoom(code);
      return store.listMessagesAfter(code, afterSeq, limit);
    },
  };
}
