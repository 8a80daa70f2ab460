/**
 * Persistence behind one async interface. Handlers and the domain see only this; the backend is
 * chosen at start-up (lib/store/open-store.ts). Every backend must pass __tests__/store-contract.ts.
 */
import type { Message } from "../protocol";
import type { ChangeInput, ChangeOutcome } from "./message-changes";

export type { ChangeInput } from "./message-changes";
export type MessageChangeOutcome = ChangeOutcome<Message>;

export interface Room {
  code: string;
  createdAt: string;
}

export interface NewMessage {
  roomCode: string;
  /** Server-side identity of the author (never sent by the client). */
  authorId: string;
  authorName: string;
  /** Client-generated id; with roomCode and authorId it makes a send idempotent. */
  clientId: string;
  text: string;
  createdAt: Date;
  /** The id of the message this one answers; it must be a message of the same room (deleted or not). */
  replyTo?: string | undefined;
}

export interface MessagePage {
  /** Oldest first. */
  messages: Message[];
  /** True when at least one older message exists before the first one returned. */
  hasOlder: boolean;
}

export interface AppendResult {
  message: Message;
  /** False when the same (room, author, clientId) was already stored: a retried send. */
  created: boolean;
}

/** An append refused because the room's stored text would pass its quota (ROOM_STORAGE_MB). */
export const ROOM_QUOTA_EXCEEDED = "quota_exceeded";
/** An append refused because the message it answers is not a message of its room. */
export const REPLY_NOT_FOUND = "reply_not_found";
/**
 * What an append does: stored (or found stored), null if the room does not exist, or refused by the
 * room's quota or for answering a message the room does not have.
 */
export type AppendOutcome = AppendResult | null | typeof ROOM_QUOTA_EXCEEDED | typeof REPLY_NOT_FOUND;

export type ReserveNameResult = { ok: true; /** The spelling reserved first, which wins over later ones. */ name: string } | { ok: false; reason: "name_taken" | "room_full" };

/** A member recorded as present in a room (lib/rooms/presence-ledger.ts), by its name's comparison key. */
export interface PresentMember {
  roomCode: string;
  nameKey: string;
  memberId: string;
  name: string;
}

/** A room's owner, lock, passphrase and lifetime (issue 19). */
export interface RoomControl {
  /** SHA-256 (hex) of the owner key; null for a room made before rooms had owners. */
  ownerKeyHash: string | null;
  /** The member identity holding ownership; null until the owner first joins with the key. */
  ownerMemberId: string | null;
  /** The name the owner first reserved in the room; null until then. */
  ownerName: string | null;
  locked: boolean;
  /** The passphrase's hash (with its parameters and salt), or null for none. */
  passphraseHash: string | null;
  /** How long the room lives after its last message, in hours. */
  lifetimeHours: number;
  /** The last message's time, or the room's creation (ISO). */
  lastActiveAt: string;
}

export type RoomControlPatch = Partial<Pick<RoomControl, "ownerKeyHash" | "ownerMemberId" | "locked" | "passphraseHash" | "lifetimeHours">>;

/** What a new room starts with: its owner key's hash, its lifetime, and a passphrase hash if it has one. */
export interface NewRoomControl {
  ownerKeyHash: string;
  lifetimeHours: number;
  passphraseHash: string | null;
}

/** A member identity the owner removed, with the name it had then. */
export interface KickRecord {
  memberId: string;
  name: string;
  /** ISO time. */
  kickedAt: string;
}

export interface ChatStore {
  /** Stores a new room; returns null if the code is already taken. */
  createRoom(code: string, createdAt: Date, control?: NewRoomControl): Promise<Room | null>;
  getRoom(code: string): Promise<Room | null>;
  /**
   * Assigns the room's next gap-free seq and stores the message durably before resolving, adding its
   * text's bytes to the room's count and making it the room's last activity. Returns null if the room
   * does not exist, ROOM_QUOTA_EXCEEDED if the room's stored text would exceed the store's room quota.
   */
  appendMessage(input: NewMessage): Promise<AppendOutcome>;
  /** The `limit` newest messages with seq < before (or the newest overall), oldest first. */
  listMessages(roomCode: string, options: { limit: number; before?: number | undefined }): Promise<MessagePage>;
  /** Up to `limit` messages with seq > afterSeq, oldest first; hasMore if others follow. */
  listMessagesAfter(roomCode: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /**
   * Edits, deletes or reacts to a message (message-changes.ts has the rules), durably, giving a change
   * the room's next change number as the message's version. Changes of one room are numbered in the
   * order they commit, so a reader never sees number n + 1 without n.
   */
  changeMessage(change: ChangeInput): Promise<MessageChangeOutcome>;
  /** Up to `limit` messages with version > afterVersion, by version; hasMore if others follow. */
  listChangesAfter(roomCode: string, afterVersion: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** The room's change counter (0 for a room without changes, or one that does not exist). */
  lastChange(roomCode: string): Promise<number>;
  /**
   * Reserves `nameKey` in the room for `memberId` unless another member holds it (name_taken) or the
   * room already holds `maxMembers` names (room_full). Atomic: two members racing for one key cannot
   * both get it. Reserving a key one already holds succeeds and returns its first spelling.
   */
  reserveName(roomCode: string, reservation: { nameKey: string; memberId: string; name: string; at: Date }, maxMembers: number): Promise<ReserveNameResult>;
  /** Who holds `nameKey` in the room, with the spelling reserved, or null if nobody does. */
  findName(roomCode: string, nameKey: string): Promise<{ memberId: string; name: string } | null>;
  /** Every member recorded as present, in every room. */
  presentMembers(): Promise<PresentMember[]>;
  /** Records members as present (replacing a record of the same name) and others as gone; each statement commits alone (presence-records.ts says why). */
  recordPresence(present: readonly PresentMember[], gone: ReadonlyArray<Pick<PresentMember, "roomCode" | "nameKey">>): Promise<void>;
  /** Bytes of message text stored in all rooms together. */
  storedBytes(): Promise<number>;
  /**
   * Deletes up to `limit` rooms whose lifetime ran out at `now` (each room's lifetime_hours after its
   * last activity, at most `maxLifetimeHours`), as deleteRoom does, and returns their codes.
   */
  deleteExpiredRooms(now: Date, maxLifetimeHours: number, limit: number): Promise<string[]>;
  /** The room's owner, lock, passphrase and lifetime; null if there is no such room. */
  roomControl(code: string): Promise<RoomControl | null>;
  /**
   * Changes what `patch` names; false if there is no such room or (with `owner`) its owner is no longer
   * that member: owner actions compare and set, so one that lost a race with a transfer changes nothing.
   */
  updateRoomControl(code: string, patch: RoomControlPatch, owner?: string): Promise<boolean>;
  /** Makes the member the owner if `ownerKeyHash` is still the room's owner key; false otherwise. */
  claimOwnership(code: string, memberId: string, ownerKeyHash: string): Promise<boolean>;
  /** Whether the member holds a name in the room (it was in it) and is not kicked. */
  isMember(code: string, memberId: string): Promise<boolean>;
  /** Records a kick (a repeated one keeps the first record); false if there is no such room. */
  kickMember(code: string, kick: KickRecord): Promise<boolean>;
  /** Lifts the kick of whoever had `name` when kicked: their member id, or null. */
  unkickMember(code: string, name: string): Promise<string | null>;
  kickedMembers(code: string): Promise<KickRecord[]>;
  isKicked(code: string, memberId: string): Promise<boolean>;
  /** Deletes the room with everything in it and retires its code at `at`; false if there was no such room. */
  deleteRoom(code: string, at: Date): Promise<boolean>;
  /** Whether `code` was a room deleted at or after `since` (not to be handed out again yet). */
  isCodeRetired(code: string, since: Date): Promise<boolean>;
  /** Forgets codes retired before `before`; how many. */
  releaseRetiredCodes(before: Date): Promise<number>;
  /**
   * Runs `work` unless another instance sharing this database runs the same `job` now (then null):
   * PostgreSQL holds an advisory lock meanwhile; SQLite serves one instance, so it just runs.
   */
  exclusively<T>(job: string, work: () => Promise<T>): Promise<T | null>;
  /** Throws if the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Commits a write that needs as much new space as the largest message, and leaves nothing behind;
   * throws if the storage cannot take it (readiness uses it to see a full disk recover, storage-health.ts).
   */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}
