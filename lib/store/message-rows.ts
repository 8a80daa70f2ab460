/** A message as both backends store it and read it back, with the reply and reactions it carries. */
import { v7 as timeOrderedUuid } from "uuid";
import type { Selectable } from "kysely";
import { authorIdFor } from "../identity";
import { replyExcerpt } from "../protocol-rules";
import type { Message, Reaction } from "../protocol";
import type { MessagesTable } from "./schema";
import type { NewMessage } from "./types";

export type MessageRow = Selectable<MessagesTable>;

/** What a reply shows of the message it answers, read with it (reply_to joined). */
export interface ReplyColumns {
  reply_seq: number | string | null;
  reply_author_id: string | null;
  reply_author_name: string | null;
  reply_text: string | null;
}

/** A message row as the reads select it: its own columns and those of the message it answers. */
export type MessageReadRow = MessageRow & ReplyColumns;

/** One emoji on a message and who put it there (members by id: a member holds an emoji once). */
export interface StoredReaction {
  emoji: string;
  by: Array<{ id: string; name: string }>;
}

export function parseReactions(json: string): StoredReaction[] {
  return JSON.parse(json) as StoredReaction[];
}

/** The protocol's reactions: names only, sorted; the emoji in the order they were first used. */
export function publicReactions(reactions: readonly StoredReaction[]): Reaction[] {
  return reactions.map(({ emoji, by }) => ({ emoji, names: by.map((member) => member.name).sort() }));
}

export function toMessage(row: MessageReadRow): Message {
  return {
    id: row.id,
    // bigint columns come back as strings from some drivers.
    seq: Number(row.seq),
    roomCode: row.room_code,
    clientId: row.client_id,
    author: { id: authorIdFor(row.room_code, row.author_id), name: row.author_name },
    text: row.text,
    createdAt: row.created_at,
    version: Number(row.version),
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyTo:
      row.reply_to === null || row.reply_seq === null
        ? null
        : {
            id: row.reply_to,
            seq: Number(row.reply_seq),
            author: { id: authorIdFor(row.room_code, row.reply_author_id ?? ""), name: row.reply_author_name ?? "" },
            // A deleted message's text is "" in storage, so its excerpt is too.
            excerpt: replyExcerpt(row.reply_text ?? ""),
          },
    // Most messages have none: no JSON to parse on the paths every message takes (append, history).
    reactions: row.reactions === "[]" ? [] : publicReactions(parseReactions(row.reactions)),
  };
}

/** What a message's text counts against its room's quota and the server's: its UTF-8 bytes. */
export function textBytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The columns of the answered message that a new reply is returned with. */
export type ReplyTarget = Pick<MessageRow, "seq" | "author_id" | "author_name" | "text">;

/**
 * The row an append stores, given the seq it was assigned, as the reads return it: with what it shows
 * of the message it answers (`target`). The id is a time-ordered UUID (v7): the primary-key index then
 * grows at its end, so a batch of appends dirties one index page instead of one random page per
 * message. One literal, with every field: this runs for every message, and copying it into another
 * shape cost the writes benchmark measurable time (and garbage).
 */
export function newMessageRow(input: NewMessage, seq: number, target: ReplyTarget | null): MessageReadRow {
  return {
    id: timeOrderedUuid(),
    room_code: input.roomCode,
    seq,
    author_id: input.authorId,
    author_name: input.authorName,
    client_id: input.clientId,
    text: input.text,
    created_at: input.createdAt.toISOString(),
    version: 0,
    edited_at: null,
    deleted_at: null,
    reply_to: input.replyTo ?? null,
    reactions: "[]",
    reply_seq: target?.seq ?? null,
    reply_author_id: target?.author_id ?? null,
    reply_author_name: target?.author_name ?? null,
    reply_text: target?.text ?? null,
  };
}

/** The columns of a new message's row that an insert writes (the others take their defaults). */
export function insertedColumns(row: MessageReadRow): Pick<MessageRow, "id" | "room_code" | "seq" | "author_id" | "author_name" | "client_id" | "text" | "created_at" | "reply_to"> {
  const { id, room_code, seq, author_id, author_name, client_id, text, created_at, reply_to } = row;
  return { id, room_code, seq, author_id, author_name, client_id, text, created_at, reply_to };
}
