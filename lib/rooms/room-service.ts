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
  /** Stores the message (or finds the one a retry already stored) and tells which. */
  postMessage(author: Author, input: { text: string; clientId: string }): Promise<{ message: Message; created: boolean }>;
  /**
   * A page of a room's history. `code` names a room that exists: every caller has it from lookUpRoom
   * (the HTTP route) or from the handshake, which looked it up, so it is not looked up again here.
   */
  history(code: string, page: { limit: number; before?: number | undefined }): Promise<MessagePage>;
  /** Catch-up: the messages after `afterSeq`, oldest first; `code` as for history(). */
  messagesAfter(code: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
}

// With 44.6 bits per code a collision is astronomically rare; a few retries make it impossible in practice.
const CREATE_ATTEMPTS = 5;

export function createRoomService({ store, now = () => new Date(), newCode = generateRoomCode }: RoomServiceDeps): RoomService {
  return {
    async createRoom() {
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const room = await store.createRoom(newCode(), now());
        if (room !== null) return room;
      }
      throw new Error("Could not find a free room code");
    },

    findRoom: (code) => store.getRoom(code),

    // A chain rather than an async function: it runs for every message (see message-handlers.ts).
    postMessage: (author, { text, clientId }) =>
      store
        .appendMessage({ roomCode: author.roomCode, authorId: author.memberId, authorName: author.name, clientId, text, createdAt: now() })
        .then((result) => {
          if (result === null) throw new DomainError("room_not_found", "This room no longer exists.");
          return result;
        }),

    history: (code, page) => store.listMessages(code, page),
    messagesAfter: (code, afterSeq, limit) => store.listMessagesAfter(code, afterSeq, limit),
  };
}
