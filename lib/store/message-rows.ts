/** A message as both backends' append paths store it and read it back. */
import { v7 as timeOrderedUuid } from "uuid";
import type { Selectable } from "kysely";
import { authorIdFor } from "../identity";
import type { Message } from "../protocol";
import type { MessagesTable } from "./schema";
import type { NewMessage } from "./types";

export type MessageRow = Selectable<MessagesTable>;

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    // bigint columns come back as strings from some drivers.
    seq: Number(row.seq),
    roomCode: row.room_code,
    clientId: row.client_id,
    author: { id: authorIdFor(row.room_code, row.author_id), name: row.author_name },
    text: row.text,
    createdAt: row.created_at,
  };
}

/** What a message's text counts against its room's quota and the server's: its UTF-8 bytes. */
export function textBytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * The row an append stores, given the seq it was assigned. The id is a time-ordered UUID (v7): the
 * primary-key index then grows at its end, so a batch of appends dirties one index page instead of one
 * random page per message.
 */
export function newMessageRow(input: NewMessage, seq: number): MessageRow {
  return {
    id: timeOrderedUuid(),
    room_code: input.roomCode,
    seq,
    author_id: input.authorId,
    author_name: input.authorName,
    client_id: input.clientId,
    text: input.text,
    created_at: input.createdAt.toISOString(),
  };
}
