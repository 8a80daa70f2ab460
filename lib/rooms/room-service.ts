/**
 * The chat's rules over the store: rooms are created with fresh codes, names are reserved to their
 * first member, messages get their author from the server-side identity and count against the quotas,
 * and history is read in keyset pages capped in bytes. Knows nothing of HTTP or Socket.IO.
 */
import { ROOM_QUOTA_EXCEEDED, type AppendResult, type ChatStore, type MessagePage, type Room } from "../store/types";
import type { Message } from "../protocol";
import { generateRoomCode } from "./codes";
import { DomainError } from "../errors";
import { capNewerPage, capOlderPage } from "./history-pages";
import { nameKey } from "./name-key";
import type { StorageGuard } from "./storage";

export interface Author {
  roomCode: string;
  memberId: string;
  name: string;
}

export interface RoomServiceDeps {
  store: ChatStore;
  /** The server-wide storage quota. */
  storage: StorageGuard;
  /** Names one room may reserve (MAX_MEMBERS_PER_ROOM). */
  membersPerRoom: number;
  now?: () => Date;
  newCode?: () => string;
}

export interface RoomService {
  createRoom(): Promise<Room>;
  findRoom(code: string): Promise<Room | null>;
  /**
   * The spelling the member may use for `name` in the room: the first one it used, if it holds the name
   * already (compared by a look-alike-proof key), else `name`. Refused name_taken if another member
   * holds it. Reads only: the join reserves once it is admitted.
   */
  spellingFor(code: string, memberId: string, name: string): Promise<string>;
  /**
   * Reserves `name` in the room for the member, for the room's life, and returns the spelling that
   * wins (the first one used). Refused name_taken or room_full (MAX_MEMBERS_PER_ROOM).
   */
  reserveName(code: string, memberId: string, name: string): Promise<string>;
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

const nameTaken = () => new DomainError("name_taken", "That name belongs to someone else in this room.");

/** What an append's outcome means to the sender. */
function appended(result: AppendResult | null | typeof ROOM_QUOTA_EXCEEDED): AppendResult {
  if (result === null) throw new DomainError("room_not_found", "This room no longer exists.");
  if (result === ROOM_QUOTA_EXCEEDED) throw new DomainError("quota_exceeded", "This room has used its storage quota; start a new room to go on.");
  return result;
}

export function createRoomService({ store, storage, membersPerRoom, now = () => new Date(), newCode = generateRoomCode }: RoomServiceDeps): RoomService {
  return {
    async createRoom() {
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const room = await store.createRoom(newCode(), now());
        if (room !== null) return room;
      }
      throw new Error("Could not find a free room code");
    },

    findRoom: (code) => store.getRoom(code),

    async spellingFor(code, memberId, name) {
      const holder = await store.findName(code, nameKey(name));
      if (holder === null) return name;
      if (holder.memberId === memberId) return holder.name;
      throw nameTaken();
    },

    async reserveName(code, memberId, name) {
      const reserved = await store.reserveName(code, { nameKey: nameKey(name), memberId, name, at: now() }, membersPerRoom);
      if (reserved.ok) return reserved.name;
      if (reserved.reason === "room_full") throw new DomainError("room_full", "This room has as many members as it can hold.");
      throw nameTaken();
    },

    // A chain rather than an async function: it runs for every message (see message-handlers.ts).
    postMessage: (author, { text, clientId }) => {
      try {
        storage.assertRoomForMore();
      } catch (error) {
        return Promise.reject(error);
      }
      return store
        .appendMessage({ roomCode: author.roomCode, authorId: author.memberId, authorName: author.name, clientId, text, createdAt: now() })
        .then((outcome) => {
          const result = appended(outcome);
          if (result.created) storage.stored(Buffer.byteLength(text, "utf8"));
          return result;
        });
    },

    history: (code, page) => store.listMessages(code, page).then(capOlderPage),
    messagesAfter: (code, afterSeq, limit) => store.listMessagesAfter(code, afterSeq, limit).then(capNewerPage),
  };
}
