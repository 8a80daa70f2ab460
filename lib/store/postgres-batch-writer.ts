/**
 * PostgreSQL's path for group commit, written for several instances appending to one database at once.
 * A batch (messages of any number of rooms) is one transaction of a few statements, whatever its size:
 *
 *  1. Lock the batch's rooms in one statement, in code order. Every writer takes its room locks in
 *     that same order, so two batches that share rooms A and B queue behind each other instead of
 *     deadlocking (PostgreSQL sorts before it locks: https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE).
 *  2. With the locks held, look up the sends already stored. A retried send that another instance is
 *     storing right now was waiting on the same room lock, so this read (a fresh snapshot under READ
 *     COMMITTED) sees it committed: the caller gets the stored message, not a unique-key violation.
 *  3. Number the new messages from each room's last_seq in arrival order, insert them in one
 *     statement, and store each room's new last_seq, byte count and last activity. A message that would
 *     take its room past the quota is refused, and the ones after it may still fit. A rollback undoes
 *     all of it, so seq has no gaps and the byte count stays exact.
 *
 * docs/scaling.md tells the same story for operators.
 */
import type { Kysely, Transaction } from "kysely";
import type { Message } from "../protocol";
import type { BatchWriter } from "./kysely-store";
import { selectMessages } from "./message-reads";
import { insertedColumns, newMessageRow, textBytes, toMessage, type ReplyTarget } from "./message-rows";
import type { Database } from "./schema";
import { REPLY_NOT_FOUND, ROOM_QUOTA_EXCEEDED, type AppendOutcome, type NewMessage } from "./types";

type Trx = Transaction<Database>;

/** deadlock_detected and serialization_failure: the transaction was rolled back whole and may be rerun. */
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;

/** `roomQuotaBytes`: the most message text one room may hold (ROOM_STORAGE_MB). */
export function createPostgresBatchWriter(db: Kysely<Database>, roomQuotaBytes: number): BatchWriter {
  return (inputs) => withRetry(() => db.transaction().execute((trx) => writeBatch(trx, inputs, roomQuotaBytes)));
}

export interface RoomCount {
  lastSeq: number;
  lastChange: number;
  bytes: number;
  lastActiveAt: string | null;
}

async function writeBatch(trx: Trx, inputs: readonly NewMessage[], roomQuotaBytes: number): Promise<AppendOutcome[]> {
  const counts = await lockRooms(trx, inputs.map((input) => input.roomCode));
  const stored = await findStored(trx, inputs);
  const targets = await findReplyTargets(trx, inputs);
  const rows: Array<ReturnType<typeof insertedColumns>> = [];
  const results = inputs.map((input): AppendOutcome => {
    const key = sendKey(input);
    const existing = stored.get(key);
    if (existing !== undefined) return { message: existing, created: false };
    const room = counts.get(input.roomCode);
    if (room === undefined) return null;
    const target = input.replyTo === undefined ? null : targets.get(input.replyTo);
    if (target === undefined || (target !== null && target.room_code !== input.roomCode)) return REPLY_NOT_FOUND;
    const bytes = textBytes(input.text);
    if (room.bytes + bytes > roomQuotaBytes) return ROOM_QUOTA_EXCEEDED;
    const row = newMessageRow(input, room.lastSeq + 1, target);
    const message = toMessage(row);
    counts.set(input.roomCode, { ...room, lastSeq: room.lastSeq + 1, bytes: room.bytes + bytes, lastActiveAt: row.created_at });
    // The same send twice in one batch (a quick retry) is stored once, like a retry in a later batch.
    stored.set(key, message);
    rows.push(insertedColumns(row));
    return { message, created: true };
  });
  if (rows.length > 0) await trx.insertInto("messages").values(rows).execute();
  for (const code of new Set(rows.map((row) => row.room_code))) {
    const room = counts.get(code)!;
    await trx
      .updateTable("rooms")
      .set({ last_seq: room.lastSeq, bytes: room.bytes, last_active_at: room.lastActiveAt })
      .where("code", "=", code)
      .execute();
  }
  return results;
}

/**
 * Locks the batch's rooms in code order and returns each existing room's counters. Changes to messages
 * (postgres-change-writer.ts) take the same locks in the same order.
 */
export async function lockRooms(trx: Trx, roomCodes: readonly string[]): Promise<Map<string, RoomCount>> {
  const codes = [...new Set(roomCodes)];
  const rows = await trx
    .selectFrom("rooms")
    .select(["code", "last_seq", "last_change", "bytes", "last_active_at"])
    .where("code", "in", codes)
    .orderBy("code")
    // NO KEY UPDATE: strong enough to serialise writers, yet it does not block the key-share lock that
    // the messages.room_code foreign key takes.
    .forNoKeyUpdate()
    .execute();
  // bigint arrives as a string from node-postgres.
  return new Map(
    rows.map((row) => [row.code, { lastSeq: Number(row.last_seq), lastChange: Number(row.last_change), bytes: Number(row.bytes), lastActiveAt: row.last_active_at }]),
  );
}

/** The messages the batch's replies answer, by id (any room: the caller checks it is the reply's). */
async function findReplyTargets(trx: Trx, inputs: readonly NewMessage[]): Promise<Map<string, ReplyTarget & { room_code: string }>> {
  const ids = [...new Set(inputs.flatMap((input) => (input.replyTo === undefined ? [] : [input.replyTo])))];
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom("messages").select(["id", "room_code", "seq", "author_id", "author_name", "text"]).where("id", "in", ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** The batch's sends that are already stored, by sendKey. */
async function findStored(trx: Trx, inputs: readonly NewMessage[]): Promise<Map<string, Message>> {
  const rows = await selectMessages(trx)
    .where((eb) =>
      eb(
        eb.refTuple("m.room_code", "m.author_id", "m.client_id"),
        "in",
        inputs.map((input) => eb.tuple(input.roomCode, input.authorId, input.clientId)),
      ),
    )
    .execute();
  return new Map(rows.map((row) => [sendKey({ roomCode: row.room_code, authorId: row.author_id, clientId: row.client_id }), toMessage(row)]));
}

/** What makes a send idempotent: the messages_client_room_author unique key. */
function sendKey(send: Pick<NewMessage, "roomCode" | "authorId" | "clientId">): string {
  return JSON.stringify([send.roomCode, send.authorId, send.clientId]);
}

/**
 * Reruns a transaction that PostgreSQL aborted as a deadlock victim or a serialization failure. The
 * lock order above should make deadlocks impossible between writers; this covers locks taken by anything
 * else (an operator's UPDATE, a future statement). Any other error goes to group commit, which retries
 * the batch's items one by one.
 */
export async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (attempts >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof Error && "code" in error && typeof error.code === "string" && RETRYABLE_CODES.has(error.code);
}
