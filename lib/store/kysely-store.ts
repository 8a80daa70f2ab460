/**
 * The ChatStore over Kysely: rooms, reads, names and retention run these dialect-neutral queries on
 * SQLite and PostgreSQL alike. Appends are each backend's own (a batch per transaction, written by
 * sqlite-batch-writer.ts on SQLite's write thread and postgres-batch-writer.ts); both build their rows
 * and read them back with the helpers here.
 */
import { randomBytes } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";
import { Migrator, type Kysely, type Selectable } from "kysely";
import { authorIdFor } from "../identity";
import type { Message } from "../protocol";
import { MESSAGE_MAX_LENGTH } from "../protocol-rules";
import { createGroupCommit, type GroupCommitOptions } from "./group-commit";
import { migrationProvider } from "./migrations";
import type { Database, MessagesTable } from "./schema";
import type { AppendOutcome, ChatStore, MessagePage, NewMessage, Room } from "./types";

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error !== undefined || failed !== undefined) {
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed`, { cause: error });
  }
}

export function toMessage(row: Selectable<MessagesTable>): Message {
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
 * The statements of an append, as query builders: SQLite's write thread compiles them once
 * (sqlite-batch-writer.ts). PostgreSQL's writer numbers whole batches at once (postgres-batch-writer.ts).
 */
export const appendQueries = {
  findByClientId: (db: Kysely<Database>, input: NewMessage) =>
    db
      .selectFrom("messages")
      .selectAll()
      .where("room_code", "=", input.roomCode)
      .where("author_id", "=", input.authorId)
      .where("client_id", "=", input.clientId),
  // Incrementing the room's counter inside the transaction locks the room row, so concurrent writers
  // get consecutive numbers and a rolled-back write leaves no gap. The same statement counts the text
  // against the room's quota, so no two writers can both take its last bytes.
  nextSeq: (db: Kysely<Database>, roomCode: string, bytes: number, at: string, quota: number) =>
    db
      .updateTable("rooms")
      .set((eb) => ({ last_seq: eb("last_seq", "+", 1), bytes: eb("bytes", "+", bytes), last_active_at: at }))
      .where("code", "=", roomCode)
      .where((eb) => eb(eb("bytes", "+", bytes), "<=", quota))
      .returning("last_seq"),
  roomExists: (db: Kysely<Database>, roomCode: string) => db.selectFrom("rooms").select("code").where("code", "=", roomCode),
  insert: (db: Kysely<Database>, row: Selectable<MessagesTable>) => db.insertInto("messages").values(row),
};

/**
 * The row an append stores, given the seq it was assigned. The id is a time-ordered UUID (v7): the
 * primary-key index then grows at its end, so a batch of appends dirties one index page instead of one
 * random page per message.
 */
export function newMessageRow(input: NewMessage, seq: number): Selectable<MessagesTable> {
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

/** Writes a batch of appends in one transaction, in order; one outcome per input. */
export type BatchWriter = (inputs: readonly NewMessage[]) => Promise<AppendOutcome[]>;

export interface KyselyStoreOptions {
  /** The backend's writer of a batch of appends (one transaction). */
  writeBatch: BatchWriter;
  /** Releases what the driver's writer holds; runs before the connection closes. */
  onClose?: () => Promise<void>;
  /** How the driver's writer takes batches (group-commit.ts): by default one at a time, each a full turn's. */
  batching?: Pick<GroupCommitOptions<NewMessage, AppendOutcome>, "maxInFlight">;
}

/** Messages an idle room loses per statement while it is deleted, so no statement holds the database long. */
const DELETE_SLICE = 1_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions): ChatStore {
  const { writeBatch } = options;
  const appends = createGroupCommit<NewMessage, AppendOutcome>({
    maxBatch: 256,
    ...options.batching,
    writeBatch,
    // The same writer with a batch of one, so that the backend's writer is the only one that writes.
    writeOne: async (input) => (await writeBatch([input]))[0] ?? null,
  });

  /** Deletes the room if it is still idle, its messages a slice at a time (oldest first), then the rest. */
  async function deleteIfIdle(code: string, idleSince: string): Promise<boolean> {
    const idleRoom = db.selectFrom("rooms").select("code").where("code", "=", code).where("last_active_at", "<", idleSince);
    for (;;) {
      const slice = db.selectFrom("messages").select("id").where("room_code", "=", code).orderBy("seq").limit(DELETE_SLICE);
      const deleted = await db
        .deleteFrom("messages")
        .where("id", "in", slice)
        .where((eb) => eb.exists(idleRoom))
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) < DELETE_SLICE) break;
      await yieldToEventLoop();
    }
    // A message that arrived meanwhile made the room active again: it stays (with its newer messages).
    const room = await db.deleteFrom("rooms").where("code", "=", code).where("last_active_at", "<", idleSince).executeTakeFirst();
    return Number(room.numDeletedRows) === 1;
  }

  return {
    async createRoom(code, createdAt) {
      const at = createdAt.toISOString();
      const result = await db
        .insertInto("rooms")
        .values({ code, created_at: at, last_active_at: at })
        .onConflict((oc) => oc.column("code").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? { code, createdAt: at } : null;
    },

    async getRoom(code): Promise<Room | null> {
      const row = await db.selectFrom("rooms").select(["code", "created_at"]).where("code", "=", code).executeTakeFirst();
      return row === undefined ? null : { code: row.code, createdAt: row.created_at };
    },

    appendMessage: (input) => appends.submit(input),

    reserveName(roomCode, { nameKey, memberId, name, at }, maxMembers) {
      return db.transaction().execute(async (trx) => {
        const holder = () =>
          trx.selectFrom("members").select(["member_id", "name"]).where("room_code", "=", roomCode).where("name_key", "=", nameKey).executeTakeFirst();
        const held = await holder();
        if (held !== undefined) return held.member_id === memberId ? { ok: true, name: held.name } : { ok: false, reason: "name_taken" };
        // Takes a place under the cap in one conditional update: no two reservations can both take the
        // last one, and on PostgreSQL the row lock queues the room's other reservations behind this one.
        const counted = await trx
          .updateTable("rooms")
          .set((eb) => ({ names: eb("names", "+", 1) }))
          .where("code", "=", roomCode)
          .where("names", "<", maxMembers)
          .executeTakeFirst();
        if (Number(counted.numUpdatedRows) === 0) return { ok: false, reason: "room_full" };
        const inserted = await trx
          .insertInto("members")
          .values({ room_code: roomCode, name_key: nameKey, member_id: memberId, name, created_at: at.toISOString() })
          .onConflict((oc) => oc.columns(["room_code", "name_key"]).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { ok: true, name };
        // Reserved by another transaction that committed first (SQLite cannot get here: one connection
        // writes members): give the place back and say who won.
        await trx
          .updateTable("rooms")
          .set((eb) => ({ names: eb("names", "-", 1) }))
          .where("code", "=", roomCode)
          .execute();
        const winner = await holder();
        return winner?.member_id === memberId ? { ok: true, name: winner.name } : { ok: false, reason: "name_taken" };
      });
    },

    async findName(roomCode, nameKey) {
      const row = await db.selectFrom("members").select(["member_id", "name"]).where("room_code", "=", roomCode).where("name_key", "=", nameKey).executeTakeFirst();
      return row === undefined ? null : { memberId: row.member_id, name: row.name };
    },

    async storedBytes() {
      const row = await db
        .selectFrom("rooms")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("bytes"), eb.lit(0)).as("total"))
        .executeTakeFirstOrThrow();
      return Number(row.total);
    },

    async deleteIdleRooms(idleSince, limit) {
      const cutoff = idleSince.toISOString();
      const idle = await db.selectFrom("rooms").select("code").where("last_active_at", "<", cutoff).orderBy("last_active_at").limit(limit).execute();
      const deleted: string[] = [];
      for (const { code } of idle) if (await deleteIfIdle(code, cutoff)) deleted.push(code);
      return deleted;
    },

    async listMessages(roomCode, { limit, before }): Promise<MessagePage> {
      let query = db.selectFrom("messages").selectAll().where("room_code", "=", roomCode);
      if (before !== undefined) query = query.where("seq", "<", before);
      // One extra row tells whether an older page exists without a second query.
      const rows = await query.orderBy("seq", "desc").limit(limit + 1).execute();
      const hasOlder = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasOlder };
    },

    async listMessagesAfter(roomCode, afterSeq, limit) {
      const rows = await db
        .selectFrom("messages")
        .selectAll()
        .where("room_code", "=", roomCode)
        .where("seq", ">", afterSeq)
        .orderBy("seq", "asc")
        .limit(limit + 1)
        .execute();
      return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
    },

    async ping() {
      await db.selectFrom("rooms").select("code").limit(1).execute();
    },

    async probeWrite() {
      // As many bytes as the longest message can take (4 per character in UTF-8), and random, so that
      // PostgreSQL cannot compress it into less.
      const filler = randomBytes(MESSAGE_MAX_LENGTH * 3).toString("base64");
      const id = timeOrderedUuid();
      // A transaction of our own: on SQLITE_FULL SQLite has already rolled back, and the ROLLBACK that
      // db.transaction() then sends fails with "no transaction is active", hiding the SQLITE_FULL.
      const trx = await db.startTransaction().execute();
      try {
        await trx.insertInto("storage_probe").values({ id, filler }).execute();
        await trx.deleteFrom("storage_probe").where("id", "=", id).execute();
        await trx.commit().execute();
      } catch (error) {
        await trx.rollback().execute().catch(() => undefined);
        throw error;
      }
    },

    async close() {
      await options.onClose?.();
      await db.destroy();
    },
  };
}
