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

export interface ChatStore {
  /** Stores a new room; returns null if the code is already taken. */
  createRoom(code: string, createdAt: Date): Promise<Room | null>;
  getRoom(code: string): Promise<Room | null>;
  /**
   * Assigns the room's next gap-free seq and stores the message durably before resolving.
   * Returns null if the room does not exist.
   */
  appendMessage(input: NewMessage): Promise<AppendResult | null>;
  /** The `limit` newest messages with seq < before (or the newest overall), oldest first. */
  listMessages(roomCode: string, options: { limit: number; before?: number | undefined }): Promise<MessagePage>;
  /** Up to `limit` messages with seq > afterSeq, oldest first; hasMore if others follow. */
  listMessagesAfter(roomCode: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** Throws if the database cannot be reached. */
  ping(): Promise<void>;
  /**
   * Commits a write that needs as much new space as the largest message, and leaves nothing behind;
   * throws if the storage cannot take it (readiness uses it to see a full disk recover, storage-health.ts).
   */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}
