/**
 * The contract between browsers (or bots) and the server: every payload's schema, the types derived
 * from them, the Socket.IO event maps and the closed set of error codes. Both sides import this file;
 * it imports only zod and its own zod-free halves (lib/protocol-rules.ts and the Unicode rules in
 * lib/protocol-text.ts, both re-exported here), so it is safe in the browser bundle. docs/protocol.md
 * describes it in prose.
 *
 * The schemas use zod/mini, zod's tree-shakable form: the same validation for fewer bytes in the
 * browser (measured: zod/mini and the zod core it uses are about 17 KB gzipped; the room page was 13 KB
 * smaller than with the classic API). The browser loads this file with its realtime code, after
 * hydration: code that runs before imports values from lib/protocol-rules.ts instead.
 */
import * as z from "zod/mini";
import { MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH, normalizeRoomCode, textLength } from "./protocol-rules";
import {
  MARKS_PER_CHARACTER_MAX,
  hasBlankCharacter,
  hasControlCharacter,
  hasInvisibleCharacter,
  hasOverloadedCharacter,
  hasVisibleSymbol,
} from "./protocol-text";

export * from "./protocol-rules";
export * from "./protocol-text";

// ---------------------------------------------------------------------------------------------
// Error codes: a closed set. The UI maps each one to friendly text (components/error-text.ts).

export const ERROR_CODES = [
  "room_not_found",
  "name_taken",
  "invalid_name",
  "invalid_payload",
  "not_in_room",
  "rate_limited",
  "room_full",
  /** The room, or the server, has used its storage quota: nothing more can be stored there for now. */
  "quota_exceeded",
  "unavailable",
  "internal",
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** With rate_limited: how long to wait before trying again. */
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The result of every acknowledged client -> server event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------------------------
// Room codes (spelling and formatting live in lib/protocol-rules.ts).

/** Accepts any spelling of a code and outputs the canonical one (upper case, no separators). */
export const RoomCodeSchema = z.pipe(
  z.string().check(z.maxLength(64)),
  z.transform((value: string, ctx) => {
    const code = normalizeRoomCode(value);
    if (code === null) {
      ctx.issues.push({ code: "custom", message: "That is not a room code.", input: value });
      return z.NEVER;
    }
    return code;
  }),
);

// ---------------------------------------------------------------------------------------------
// Display names.

// The Unicode rules behind these schemas live in lib/protocol-text.ts. Names are compared by a key
// that also folds look-alikes (lib/rooms/name-key.ts, server-side: its confusables data is 100 KB).

export const DisplayNameSchema = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(NAME_MAX_LENGTH * 8)),
    // Every kind of space (no-break, thin, ideographic...) becomes one ordinary space: "A\u00A0na" is
    // "A na", not a spelling of its own.
    z.transform((value: string) => value.normalize("NFC").replace(/\p{Zs}+/gu, " ").trim()),
  ),
  z.string().check(
    z.minLength(1, "Enter a name."),
    z.refine((name: string) => name.isWellFormed(), "That name has a broken character in it."),
    z.refine((name: string) => textLength(name) <= NAME_MAX_LENGTH, `Names are at most ${NAME_MAX_LENGTH} characters.`),
    // Blank before invisible: the Hangul fillers are both, and "blank" is what the person sees.
    z.refine((name: string) => !hasBlankCharacter(name), "Names cannot contain blank characters."),
    z.refine((name: string) => !hasInvisibleCharacter(name), "Names cannot contain control characters or other invisible characters."),
    z.refine((name: string) => hasVisibleSymbol(name), "Names need at least one letter, digit or emoji."),
    z.refine(
      (name: string) => !hasOverloadedCharacter(name),
      `Names can have at most ${MARKS_PER_CHARACTER_MAX} accents on one character.`,
    ),
  ),
);

// ---------------------------------------------------------------------------------------------
// Messages.

export const MessageTextSchema = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(MESSAGE_MAX_LENGTH * 4)),
    z.transform((value: string) => value.replace(/\r\n?/g, "\n").normalize("NFC").trim()),
  ),
  z.string().check(
    z.minLength(1, "A message cannot be empty."),
    // A lone surrogate cannot be stored as UTF-8: the server would keep U+FFFD in its place and serve
    // back something other than what it acknowledged.
    z.refine((text: string) => text.isWellFormed(), "That message has a broken character in it (a lone surrogate)."),
    z.refine((text: string) => textLength(text) <= MESSAGE_MAX_LENGTH, `Messages are at most ${MESSAGE_MAX_LENGTH} characters.`),
    z.refine((text: string) => !hasControlCharacter(text), "Messages cannot contain control characters."),
    z.refine(
      (text: string) => !hasOverloadedCharacter(text),
      `A character in that message carries too many accents (at most ${MARKS_PER_CHARACTER_MAX}).`,
    ),
  ),
);

export const ClientIdSchema = z.uuid();

export const SendMessageSchema = z.strictObject({ text: MessageTextSchema, clientId: ClientIdSchema });
export type SendMessageInput = z.input<typeof SendMessageSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  seq: z.int().check(z.positive()),
  roomCode: z.string(),
  clientId: z.string(),
  /**
   * `id` is the author's identity in this room (stable for the room's life, different in every room);
   * names are reserved to their first member for the room's life too, so one name is one author.
   */
  author: z.object({ id: z.string(), name: z.string() }),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
export type Message = z.infer<typeof MessageSchema>;

export const HISTORY_PAGE_MAX = 100;
/**
 * A page of history (HTTP, messages:since, the join snapshot) also stops once its messages add up to
 * this many bytes of JSON; it always holds at least one message, and `hasMore`/`hasOlder` says whether
 * more follow. 100 messages of 4000 four-byte characters would otherwise be 1.6 MB a page.
 */
export const HISTORY_PAGE_MAX_BYTES = 256 * 1024;
export const HISTORY_PAGE_DEFAULT = 50;

/** `before` pages back from the newest message; `after` reads forward (catch-up). Not both. */
/** A query-string number: coerced, then held to be an integer within the bounds. */
const queryInt = (...checks: Parameters<ReturnType<typeof z.int>["check"]>) => z.pipe(z.coerce.number(), z.int().check(...checks));

export const HistoryQuerySchema = z
  .strictObject({
    limit: z._default(queryInt(z.minimum(1), z.maximum(HISTORY_PAGE_MAX)), HISTORY_PAGE_DEFAULT),
    before: z.optional(queryInt(z.positive())),
    after: z.optional(queryInt(z.nonnegative())),
  })
  .check(z.refine((query) => query.before === undefined || query.after === undefined, "Use either before or after, not both."));
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** messages:since: everything after the highest seq the client has, a page at a time. */
export const CatchUpSchema = z.strictObject({
  afterSeq: z.int().check(z.nonnegative()),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(HISTORY_PAGE_MAX)), HISTORY_PAGE_MAX),
});
export type CatchUpInput = z.input<typeof CatchUpSchema>;

export interface CatchUpPage {
  /** Oldest first, every seq after `afterSeq` up to `limit` of them. */
  messages: Message[];
  /** True when more messages follow the last one returned: ask again from its seq. */
  hasMore: boolean;
}

// ---------------------------------------------------------------------------------------------
// Joining, presence.

/** A member token is a browser-held secret that lets a reconnecting browser reclaim its name. */
export const MemberTokenSchema = z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const JoinAuthSchema = z.object({
  code: RoomCodeSchema,
  name: DisplayNameSchema,
  memberToken: MemberTokenSchema,
});
export type JoinAuth = z.input<typeof JoinAuthSchema>;

export const MemberSchema = z.object({ name: z.string() });
export type Member = z.infer<typeof MemberSchema>;

export interface RoomSnapshot {
  code: string;
  /** Who this connection is: its name, and the author id its messages carry. */
  you: Member & { id: string };
  members: Member[];
  /** The newest page of history, oldest first. */
  messages: Message[];
  /** True when older messages exist before the first one in `messages`. */
  hasOlder: boolean;
}

export interface MemberChange {
  member: Member;
  members: Member[];
}

// ---------------------------------------------------------------------------------------------
// Socket.IO event maps (https://socket.io/docs/v4/typescript/).

export interface ServerToClientEvents {
  "room:snapshot": (snapshot: RoomSnapshot) => void;
  /** The server is shutting down for a restart: reconnect and catch up; nothing acknowledged is lost. */
  "server:restarting": () => void;
  /** The server is about to disconnect this socket for good (e.g. flooding): do not reconnect. */
  "session:ended": (reason: ApiError) => void;
  "message:created": (message: Message) => void;
  "member:joined": (change: MemberChange) => void;
  "member:left": (change: MemberChange) => void;
}

export interface ClientToServerEvents {
  /** The payload is typed for callers; the server still validates it, since any client can send anything. */
  "message:send": (input: SendMessageInput, ack: (result: Ack<Message>) => void) => void;
  "messages:since": (input: CatchUpInput, ack: (result: Ack<CatchUpPage>) => void) => void;
  "room:leave": (ack?: (result: Ack<null>) => void) => void;
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
export const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>(["message:send", "messages:since", "room:leave"]);

// ---------------------------------------------------------------------------------------------
// HTTP bodies.

export const CreateRoomResponseSchema = z.object({ code: z.string() });
export const RoomResponseSchema = z.object({ code: z.string() });
export const HistoryResponseSchema = z.object({ messages: z.array(MessageSchema) });

/** Turns a zod failure into the first human-readable message, for inline form errors and acks. */
export function firstIssue(error: { issues: ReadonlyArray<{ message: string }> }): string {
  return error.issues[0]?.message ?? "Invalid input.";
}
