/**
 * Persistence behind one async interface. Handlers and the domain see only this; the backend is
 * chosen at start-up (lib/store/open-store.ts). Every backend must pass __tests__/store-contract.ts.
 */
import type { Message } from "../protocol";

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
/** What an append does: stored (or found stored), null if the room does not exist, or refused by the room's quota. */
export type AppendOutcome = AppendResult | null | typeof ROOM_QUOTA_EXCEEDED;

export type ReserveNameResult = { ok: true; /** The spelling reserved first, which wins over later ones. */ name: string } | { ok: false; reason: "name_taken" | "room_full" };

export interface ChatStore {
  /** Stores a new room; returns null if the code is already taken. */
  createRoom(code: string, createdAt: Date): Promise<Room | null>;
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
   * Reserves `nameKey` in the room for `memberId` unless another member holds it (name_taken) or the
   * room already holds `maxMembers` names (room_full). Atomic: two members racing for one key cannot
   * both get it. Reserving a key one already holds succeeds and returns its first spelling.
   */
  reserveName(roomCode: string, reservation: { nameKey: string; memberId: string; name: string; at: Date }, maxMembers: number): Promise<ReserveNameResult>;
  /** Who holds `nameKey` in the room, with the spelling reserved, or null if nobody does. */
  findName(roomCode: string, nameKey: string): Promise<{ memberId: string; name: string } | null>;
  /** Bytes of message text stored in all rooms together. */
  storedBytes(): Promise<number>;
  /**
   * Deletes up to `limit` rooms whose last activity is older than `idleSince`, with their messages and
   * reserved names, and returns their codes. Long rooms are deleted a slice of messages at a time.
   */
  deleteIdleRooms(idleSince: Date, limit: number): Promise<string[]>;
  /** Throws if the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Commits a write that needs as much new space as the largest message, and leaves nothing behind;
   * throws if the storage cannot take it (readiness uses it to see a full disk recover, storage-health.ts).
   */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}
