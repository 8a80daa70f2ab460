/**
 * The contract between browsers (or bots) and the server: every payload's schema, the types derived
 * from them, the Socket.IO event maps and the closed set of error codes. Both sides import this file.
 * It holds the event maps and the HTTP bodies and re-exports the rest of the contract, split by concern:
 * lib/protocol-errors.ts (error codes, ApiError, Ack), lib/protocol-members.ts (room codes, names,
 * joining), lib/protocol-messages.ts (messages, history), lib/protocol-changes.ts (edits, deletions,
 * reactions and the change feed) and the zod-free halves lib/protocol-rules.ts
 * and lib/protocol-text.ts (Unicode rules). Together they import only zod, so they are safe in the
 * browser bundle. docs/protocol.md describes the contract in prose.
 *
 * The schemas use zod/mini, zod's tree-shakable form: the same validation for fewer bytes in the
 * browser (measured: zod/mini and the zod core it uses are about 17 KB gzipped; the room page was 13 KB
 * smaller than with the classic API). The browser loads this file with its realtime code, after
 * hydration: code that runs before imports values from lib/protocol-rules.ts instead.
 */
import * as z from "zod/mini";
import type { Ack, ApiError } from "./protocol-errors";
import type { MemberChange, RoomSnapshot } from "./protocol-members";
import { MessageSchema, type CatchUpInput, type CatchUpPage, type Message, type SendMessageInput } from "./protocol-messages";
import type { ChangesPage, ChangesSinceInput, DeleteMessageInput, EditMessageInput, ReactionInput } from "./protocol-changes";
import type { TypingInput, TypingNotice } from "./protocol-typing";
import { PassphraseSchema, RoomLifetimeSchema, type EmptyInput, type KickInput, type LifetimeInput, type LockInput, type OwnerKeyResult, type PassphraseInput, type RoomState, type RoomUpdate } from "./protocol-owner";

export * from "./protocol-changes";
export * from "./protocol-errors";
export * from "./protocol-members";
export * from "./protocol-messages";
export * from "./protocol-owner";
export * from "./protocol-rules";
export * from "./protocol-text";
export * from "./protocol-typing";

// ---------------------------------------------------------------------------------------------
// Socket.IO event maps (https://socket.io/docs/v4/typescript/).

export interface ServerToClientEvents {
  "room:snapshot": (snapshot: RoomSnapshot) => void;
  /** The server is shutting down for a restart: reconnect and catch up; nothing acknowledged is lost. */
  "server:restarting": () => void;
  /** The server is about to disconnect this socket for good (e.g. flooding): do not reconnect. */
  "session:ended": (reason: ApiError) => void;
  "message:created": (message: Message) => void;
  /** A message changed (edited, deleted, reacted to): its whole current state. Keep it if its version is higher. */
  "message:updated": (message: Message) => void;
  "member:joined": (change: MemberChange) => void;
  "member:left": (change: MemberChange) => void;
  /** A member's status changed (its connection dropped, or it came back within the grace period): no notice. */
  "member:updated": (change: MemberChange) => void;
  /** Someone else in the room started or stopped typing (docs/protocol.md#typing). */
  "member:typing": (notice: TypingNotice) => void;
  /** The room's owner, lock, passphrase, lifetime or kicked list changed; `action` is the notice to show. */
  "room:updated": (update: RoomUpdate) => void;
}

export interface ClientToServerEvents {
  /** The payload is typed for callers; the server still validates it, since any client can send anything. */
  "message:send": (input: SendMessageInput, ack: (result: Ack<Message>) => void) => void;
  "messages:since": (input: CatchUpInput, ack: (result: Ack<CatchUpPage>) => void) => void;
  "message:edit": (input: EditMessageInput, ack: (result: Ack<Message>) => void) => void;
  "message:delete": (input: DeleteMessageInput, ack: (result: Ack<Message>) => void) => void;
  "reaction:add": (input: ReactionInput, ack: (result: Ack<Message>) => void) => void;
  "reaction:remove": (input: ReactionInput, ack: (result: Ack<Message>) => void) => void;
  "changes:since": (input: ChangesSinceInput, ack: (result: Ack<ChangesPage>) => void) => void;
  "room:leave": (ack?: (result: Ack<null>) => void) => void;
  /** No acknowledgement: a refused one (malformed, too frequent) is dropped silently. */
  "typing:update": (input: TypingInput) => void;
  // The owner's actions (docs/protocol.md#rooms-owner-lock-passphrase-lifetime): refused forbidden for anyone else.
  "room:kick": (input: KickInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:unkick": (input: KickInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:lock": (input: LockInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:passphrase": (input: PassphraseInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:transfer": (input: KickInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:lifetime": (input: LifetimeInput, ack: (result: Ack<RoomState>) => void) => void;
  "room:ownerKey": (input: EmptyInput, ack: (result: Ack<OwnerKeyResult>) => void) => void;
  "room:end": (input: EmptyInput, ack: (result: Ack<null>) => void) => void;
}

// Nothing flows between server instances yet.
export type InterServerEvents = Record<string, never>;

export interface SocketData {
  roomCode: string;
  memberId: string;
  /** The member's author id in this room (lib/identity.ts). */
  authorId: string;
  name: string;
  /** The client address every per-address limit counts against (lib/http/client-ip.ts). */
  address: string;
}

/** Every event a client may send; anything else is ignored and counted. */
export const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>([
  "message:send",
  "messages:since",
  "message:edit",
  "message:delete",
  "reaction:add",
  "reaction:remove",
  "changes:since",
  "room:leave",
  "typing:update",
  "room:kick",
  "room:unkick",
  "room:lock",
  "room:passphrase",
  "room:transfer",
  "room:lifetime",
  "room:ownerKey",
  "room:end",
]);

// ---------------------------------------------------------------------------------------------
// HTTP bodies.

/**
 * POST /api/rooms: what the creator chooses (issue 19); an empty body chooses nothing. The passphrase,
 * if any, must be given to join and to read the history; "" or null means none.
 */
export const CreateRoomRequestSchema = z.strictObject({
  lifetimeHours: z.optional(RoomLifetimeSchema),
  passphrase: z.optional(z.nullable(z.union([z.literal(""), PassphraseSchema]))),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequestSchema>;
/** The new room, its lifetime and its owner key: shown once, the creator's browser keeps it. */
export const CreateRoomResponseSchema = z.object({ code: z.string(), ownerKey: z.string(), lifetimeHours: z.number() });
/**
 * GET /api/rooms/{code}: what anyone with the code may know of the room (issue 19): how long it lives
 * after its last message, when it will be deleted if nobody writes (ISO), whether it is locked, and
 * whether joining needs a passphrase.
 */
export const RoomResponseSchema = z.object({ code: z.string(), lifetimeHours: z.number(), expiresAt: z.string(), locked: z.boolean(), hasPassphrase: z.boolean() });
export type RoomInfo = z.infer<typeof RoomResponseSchema>;
export const HistoryResponseSchema = z.object({ messages: z.array(MessageSchema) });

/** Turns a zod failure into the first human-readable message, for inline form errors and acks. */
export function firstIssue(error: { issues: ReadonlyArray<{ message: string }> }): string {
  return error.issues[0]?.message ?? "Invalid input.";
}
