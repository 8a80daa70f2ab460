/**
 * The chat's rules over the store: rooms are created with fresh codes, names are reserved to their
 * first member, messages get their author from the server-side identity and count against the quotas,
 * and history is read in keyset pages capped in bytes. Knows nothing of HTTP or Socket.IO.
 */
import { REPLY_NOT_FOUND, ROOM_QUOTA_EXCEEDED, type AppendOutcome, type AppendResult, type ChangeInput, type ChatStore, type MessagePage, type Room } from "../store/types";
import type { Message } from "../protocol";
import { DEFAULT_ROOM_LIFETIME_HOURS, RETIRED_CODE_DAYS, ROOM_LIFETIME_HOURS, type RoomLifetimeHours } from "../protocol-rules";
import { hashOwnerKey, hashPassphrase, newOwnerKey } from "./room-secrets";
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
  /** The longest a room may live after its last message (ROOM_RETENTION_HOURS); no cap if not given. */
  maxLifetimeHours?: number;
  now?: () => Date;
  newCode?: () => string;
}

/** What a creator chooses for a new room (issue 19). */
export interface NewRoomOptions {
  /** One of ROOM_LIFETIME_HOURS; DEFAULT_ROOM_LIFETIME_HOURS if not given. */
  lifetimeHours?: RoomLifetimeHours | undefined;
  /** A passphrase joining will need, or none. */
  passphrase?: string | null | undefined;
}

export interface RoomService {
  /**
   * A new room with a fresh code (never one retired within RETIRED_CODE_DAYS), and the owner key that
   * makes its holder the owner: returned once, stored only as a hash. A lifetime chosen longer than
   * the server keeps rooms (ROOM_RETENTION_HOURS) is refused invalid_payload rather than quietly
   * shortened; without a choice, 7 days, or the longest offered the server keeps.
   */
  createRoom(options?: NewRoomOptions): Promise<Room & { ownerKey: string; lifetimeHours: RoomLifetimeHours }>;
  findRoom(code: string): Promise<Room | null>;
  /**
   * Who holds `name` in the room (compared by a look-alike-proof key), with the spelling they first
   * used, or null. A name is its first member's for the room's life; the join admits a member under
   * its own spelling and refuses another member's name (name_taken). Reads only: the join reserves
   * once it is admitted.
   */
  nameHolder(code: string, name: string): Promise<{ memberId: string; name: string } | null>;
  /**
   * Reserves `name` in the room for the member, for the room's life, and returns the spelling that
   * wins (the first one used). Refused name_taken or room_full (MAX_MEMBERS_PER_ROOM).
   */
  reserveName(code: string, memberId: string, name: string): Promise<string>;
  /** Stores the message (or finds the one a retry already stored) and tells which. */
  postMessage(author: Author, input: { text: string; clientId: string; replyTo?: string | undefined }): Promise<{ message: Message; created: boolean }>;
  /**
   * Edits, deletes or reacts to a message of the member's room, as that member, and returns its state
   * after; `changed` is false when it already was in that state (a retry). Refused message_not_found,
   * forbidden, too_many_reactions or quota_exceeded.
   */
  changeMessage(author: Author, change: ChangeRequest): Promise<{ message: Message; changed: boolean }>;
  /** The change feed: messages changed after `afterVersion`, by version; `code` as for history(). */
  changesAfter(code: string, afterVersion: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** The newest page, and the change number it is as new as (read first: the page may be newer, never older). */
  snapshotPage(code: string, limit: number): Promise<MessagePage & { lastChange: number }>;
  /**
   * A page of a room's history. `code` names a room that exists: every caller has it from lookUpRoom
   * (the HTTP route) or from the handshake, which looked it up, so it is not looked up again here.
   */
  history(code: string, page: { limit: number; before?: number | undefined }): Promise<MessagePage>;
  /** Catch-up: the messages after `afterSeq`, oldest first; `code` as for history(). */
  messagesAfter(code: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
}

/** A change as a handler asks for it: the store adds who asks and when. */
export type ChangeRequest =
  | { kind: "edit"; messageId: string; text: string }
  | { kind: "delete"; messageId: string }
  | { kind: "react"; messageId: string; emoji: string; add: boolean };

// With 44.6 bits per code a collision is astronomically rare; a few retries make it impossible in practice.
const CREATE_ATTEMPTS = 5;

const nameTaken = () => new DomainError("name_taken", "That name belongs to someone else in this room.");

const quotaExceeded = () => new DomainError("quota_exceeded", "This room has used its storage quota; start a new room to go on.");

/** What an append's outcome means to the sender. */
function appended(result: AppendOutcome): AppendResult {
  if (result === null) throw new DomainError("room_not_found", "This room no longer exists.");
  if (result === REPLY_NOT_FOUND) throw new DomainError("message_not_found", "The message you replied to is not in this room.");
  if (result === ROOM_QUOTA_EXCEEDED) throw quotaExceeded();
  return result;
}

const CHANGE_REFUSALS = {
  message_not_found: () => new DomainError("message_not_found", "There is no such message in this room (it may have been deleted)."),
  forbidden: () => new DomainError("forbidden", "Only the author of a message can edit or delete it."),
  too_many_reactions: () => new DomainError("too_many_reactions", "This message has as many different reactions as it can take."),
  quota_exceeded: quotaExceeded,
};

export function createRoomService({ store, storage, membersPerRoom, maxLifetimeHours = Infinity, now = () => new Date(), newCode = generateRoomCode }: RoomServiceDeps): RoomService {
  // 7 days, or the longest lifetime offered that the server keeps (ROOM_RETENTION_HOURS): what a room
  // shows must be what it gets. Below an hour (tests), the sweep's cap still decides.
  const defaultLifetime = DEFAULT_ROOM_LIFETIME_HOURS <= maxLifetimeHours ? DEFAULT_ROOM_LIFETIME_HOURS : (ROOM_LIFETIME_HOURS.findLast((hours) => hours <= maxLifetimeHours) ?? ROOM_LIFETIME_HOURS[0]);
  return {
    async createRoom({ lifetimeHours: chosen, passphrase = null } = {}) {
      // A lifetime chosen must be one offered and one this server keeps; without a choice, the default,
      // which the sweep caps at ROOM_RETENTION_HOURS like every lifetime.
      if (chosen !== undefined && (!ROOM_LIFETIME_HOURS.includes(chosen) || chosen > maxLifetimeHours)) {
        throw new DomainError("invalid_payload", `This server keeps rooms at most ${maxLifetimeHours} hours after their last message.`);
      }
      const lifetimeHours = chosen ?? defaultLifetime;
      const ownerKey = newOwnerKey();
      const control = { ownerKeyHash: hashOwnerKey(ownerKey), lifetimeHours, passphraseHash: passphrase === null || passphrase === "" ? null : await hashPassphrase(passphrase) };
      const retiredSince = new Date(now().getTime() - RETIRED_CODE_DAYS * 24 * 3_600_000);
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const code = newCode();
        if (await store.isCodeRetired(code, retiredSince)) continue;
        const room = await store.createRoom(code, now(), control);
        if (room !== null) return { ...room, ownerKey, lifetimeHours };
      }
      throw new Error("Could not find a free room code");
    },

    findRoom: (code) => store.getRoom(code),

    nameHolder: (code, name) => store.findName(code, nameKey(name)),

    async reserveName(code, memberId, name) {
      const reserved = await store.reserveName(code, { nameKey: nameKey(name), memberId, name, at: now() }, membersPerRoom);
      if (reserved.ok) return reserved.name;
      if (reserved.reason === "room_full") throw new DomainError("room_full", "This room has as many members as it can hold.");
      throw nameTaken();
    },

    // A chain rather than an async function: it runs for every message (see message-handlers.ts).
    postMessage: (author, { text, clientId, replyTo }) => {
      try {
        storage.assertRoomForMore();
      } catch (error) {
        return Promise.reject(error);
      }
      return store
        .appendMessage({ roomCode: author.roomCode, authorId: author.memberId, authorName: author.name, clientId, text, createdAt: now(), replyTo })
        .then((outcome) => {
          const result = appended(outcome);
          if (result.created) storage.stored(Buffer.byteLength(text, "utf8"));
          return result;
        });
    },

    async changeMessage(author, request) {
      // An edit or a reaction may add bytes: held to the server's quota like a send. A deletion frees some.
      if (request.kind === "edit" || (request.kind === "react" && request.add)) storage.assertRoomForMore();
      const base = { roomCode: author.roomCode, memberId: author.memberId, at: now() };
      const change: ChangeInput = request.kind === "react" ? { ...base, ...request, name: author.name } : { ...base, ...request };
      const outcome = await store.changeMessage(change);
      if (typeof outcome === "string") throw CHANGE_REFUSALS[outcome]();
      if (outcome.bytesDelta !== 0) storage.stored(outcome.bytesDelta);
      return { message: outcome.message, changed: outcome.changed };
    },

    changesAfter: (code, afterVersion, limit) => store.listChangesAfter(code, afterVersion, limit).then(capNewerPage),

    async snapshotPage(code, limit) {
      const lastChange = await store.lastChange(code);
      return { ...capOlderPage(await store.listMessages(code, { limit })), lastChange };
    },

    history: (code, page) => store.listMessages(code, page).then(capOlderPage),
    messagesAfter: (code, afterSeq, limit) => store.listMessagesAfter(code, afterSeq, limit).then(capNewerPage),
  };
}
