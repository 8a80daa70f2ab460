/**
 * Messages and history: what a member sends, what everyone receives, and the pages of history over
 * HTTP and Socket.IO. Part of the contract (lib/protocol.ts re-exports it).
 */
import * as z from "zod/mini";
import { MESSAGE_MAX_LENGTH, REPLY_EXCERPT_MAX_LENGTH, textLength } from "./protocol-rules";
import { MARKS_PER_CHARACTER_MAX, hasControlCharacter, hasOverloadedCharacter } from "./protocol-text";

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

/** A message id as the server assigns it (a UUID). */
export const MessageIdSchema = z.uuid();

/** `replyTo`: the id of a message of the same room that this one answers. */
export const SendMessageSchema = z.strictObject({ text: MessageTextSchema, clientId: ClientIdSchema, replyTo: z.optional(MessageIdSchema) });
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
  /** "" once deleted. */
  text: z.string(),
  createdAt: z.iso.datetime(),
  /**
   * The room-wide change number of the message's last edit, deletion or reaction; 0 while it is as
   * sent. Of two copies of one message, the one with the higher version is the newer.
   */
  version: z.int().check(z.nonnegative()),
  editedAt: z.nullable(z.iso.datetime()),
  deletedAt: z.nullable(z.iso.datetime()),
  /** The message this one answers, as it is now: `excerpt` is its text's first 100 characters, "" once deleted. */
  replyTo: z.nullable(
    z.object({
      id: z.string(),
      seq: z.int().check(z.positive()),
      author: z.object({ id: z.string(), name: z.string() }),
      excerpt: z.string().check(z.maxLength(REPLY_EXCERPT_MAX_LENGTH * 2)),
    }),
  ),
  /** In the order each emoji was first used on the message; `names` sorted. Empty once deleted. */
  reactions: z.array(z.object({ emoji: z.string(), names: z.array(z.string()) })),
});
export type Message = z.infer<typeof MessageSchema>;
export type Reaction = Message["reactions"][number];
export type ReplyTo = NonNullable<Message["replyTo"]>;

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

/** Whether `name` is a time zone this runtime knows (an IANA name such as "Europe/Paris", or "UTC"). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** GET /api/rooms/{code}/transcript: the file's format, and the zone the Markdown shows times in. */
export const TranscriptQuerySchema = z.strictObject({
  format: z._default(z.enum(["md", "json"]), "md"),
  tz: z._default(
    z.string().check(z.maxLength(64), z.regex(/^[A-Za-z0-9/_+-]+$/), z.refine(isTimeZone, "Unknown time zone: use an IANA name such as Europe/Paris.")),
    "UTC",
  ),
});
export type TranscriptQuery = z.infer<typeof TranscriptQuerySchema>;

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

