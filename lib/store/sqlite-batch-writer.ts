/**
 * SQLite's appends, on the store's writing connection (sqlite.ts). better-sqlite3 is synchronous, so a
 * whole batch runs as one native transaction with no await per statement, and each statement is
 * prepared once, when the store opens: plain SQL, since this file only ever talks to SQLite.
 */
import type { Database as SqliteDatabase } from "better-sqlite3";
import { newMessageRow, textBytes, toMessage, type MessageReadRow, type MessageRow, type ReplyTarget } from "./message-rows";
import { REPLY_NOT_FOUND, ROOM_QUOTA_EXCEEDED, type AppendOutcome, type NewMessage } from "./types";

/** A message read with what it shows of the message it answers (the reads' shape, message-reads.ts). */
export const READ = `select m.*, r.seq as reply_seq, r.author_id as reply_author_id, r.author_name as reply_author_name, r.text as reply_text
  from messages m left join messages r on r.id = m.reply_to`;
/**
 * A send already stored: the messages_client_room_author unique key (migration 0002). Only its id: a
 * retry (rare) then reads the message with its quote (READ_SENT), and a new send (every other append)
 * pays for no join.
 */
const FIND_SEND = "select id from messages where room_code = @roomCode and author_id = @authorId and client_id = @clientId";
const READ_SENT = `${READ} where m.id = ?`;
const FIND_REPLY_TARGET = "select seq, author_id, author_name, text from messages where id = ? and room_code = ?";
/**
 * Incrementing the room's counter inside the transaction gives consecutive numbers, and a rolled-back
 * write leaves no gap. The same statement counts the text against the room's quota, so no two writers
 * can both take its last bytes; it changes no row when the room is missing or full.
 */
const NEXT_SEQ = `update rooms set last_seq = last_seq + 1, bytes = bytes + @bytes, last_active_at = @at
  where code = @roomCode and bytes + @bytes <= @quota returning last_seq`;
const ROOM_EXISTS = "select 1 from rooms where code = ?";
/** A new message is unchanged: version, edit, deletion and reactions take their columns' defaults. */
const INSERT = `insert into messages (id, room_code, seq, author_id, author_name, client_id, text, created_at, reply_to)
  values (@id, @room_code, @seq, @author_id, @author_name, @client_id, @text, @created_at, @reply_to)`;


/** A batch of appends in one transaction (one COMMIT, one fsync), synchronously; one outcome per input. */
export type SyncBatchWriter = (inputs: readonly NewMessage[]) => AppendOutcome[];

/** `roomQuotaBytes`: the most message text one room may hold (ROOM_STORAGE_MB). */
export function createSqliteBatchWriter(sqlite: SqliteDatabase, roomQuotaBytes: number): SyncBatchWriter {
  const findSend = sqlite.prepare<[Pick<NewMessage, "roomCode" | "authorId" | "clientId">], { id: string }>(FIND_SEND);
  const readSent = sqlite.prepare<[string], MessageReadRow>(READ_SENT);
  const findReplyTarget = sqlite.prepare<[string, string], ReplyTarget>(FIND_REPLY_TARGET);
  const nextSeq = sqlite.prepare<[{ roomCode: string; bytes: number; at: string; quota: number }], { last_seq: number }>(NEXT_SEQ);
  const roomExists = sqlite.prepare<[string], unknown>(ROOM_EXISTS);
  const insert = sqlite.prepare<[Pick<MessageRow, "id" | "room_code" | "seq" | "author_id" | "author_name" | "client_id" | "text" | "created_at" | "reply_to">]>(INSERT);

  const appendOne = (input: NewMessage): AppendOutcome => {
    const existing = findSend.get({ roomCode: input.roomCode, authorId: input.authorId, clientId: input.clientId });
    if (existing !== undefined) return { message: toMessage(readSent.get(existing.id)!), created: false };
    const target = input.replyTo === undefined ? null : findReplyTarget.get(input.replyTo, input.roomCode);
    if (target === undefined) return REPLY_NOT_FOUND;
    const counted = nextSeq.get({ roomCode: input.roomCode, bytes: textBytes(input.text), at: input.createdAt.toISOString(), quota: roomQuotaBytes });
    if (counted === undefined) return roomExists.get(input.roomCode) === undefined ? null : ROOM_QUOTA_EXCEEDED;
    // The statement reads the columns it names from the row and ignores the rest.
    const row = newMessageRow(input, counted.last_seq, target);
    insert.run(row);
    return { message: toMessage(row), created: true };
  };

  // In arrival order, so that one sender's messages get increasing seqs. IMMEDIATE takes the write lock
  // at BEGIN, so the transaction never has to upgrade a read lock (and fail busy) halfway.
  const writeAll = sqlite.transaction((inputs: readonly NewMessage[]) => inputs.map(appendOne));
  return (inputs) => writeAll.immediate(inputs);
}
