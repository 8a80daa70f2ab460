/**
 * The ChatStore over Kysely. The queries are dialect-neutral, so SQLite and (later) PostgreSQL share
 * this one implementation; only the dialect and its connection settings differ (see sqlite.ts).
 */
import { randomBytes } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";
import { Migrator, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Message } from "../protocol";
import { MESSAGE_MAX_LENGTH } from "../protocol-rules";
import { createGroupCommit, type GroupCommitOptions } from "./group-commit";
import { migrationProvider } from "./migrations";
import type { Database, MessagesTable } from "./schema";
import type { AppendResult, ChatStore, MessagePage, NewMessage, Room } from "./types";

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
    author: { name: row.author_name },
    text: row.text,
    createdAt: row.created_at,
  };
}

/**
 * The three statements of an append, as query builders: run with Kysely (any dialect) or compiled and
 * run synchronously by a driver that can (sqlite.ts). One definition either way.
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
  // get consecutive numbers and a rolled-back write leaves no gap.
  nextSeq: (db: Kysely<Database>, roomCode: string) =>
    db
      .updateTable("rooms")
      .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
      .where("code", "=", roomCode)
      .returning("last_seq"),
  insert: (db: Kysely<Database>, row: Selectable<MessagesTable>) => db.insertInto("messages").values(row),
};

/**
 * The row an append stores, given the seq it was assigned. The id is a time-ordered UUID (v7): the
 * primary-key index then grows at its end, so a batch of appends dirties one index page instead of one
 * random page per message (random v4 ids made that index the costliest part of a commit, see
 * docs/performance.md).
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

export type BatchWriter = (inputs: readonly NewMessage[]) => Promise<Array<AppendResult | null>>;

export interface KyselyStoreOptions {
  /** A driver's own way to write a batch of appends (one transaction); the portable one otherwise. */
  writeBatch?: BatchWriter;
  /** Releases what the driver's writer holds; runs before the connection closes. */
  onClose?: () => Promise<void>;
  /** How the driver's writer takes batches (group-commit.ts): by default one at a time, each a full turn's. */
  batching?: Pick<GroupCommitOptions<NewMessage, AppendResult | null>, "maxInFlight">;
}

export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): ChatStore {
  /** One append inside a transaction: the idempotency check, the room's next seq, the insert. */
  async function appendIn(trx: Transaction<Database>, input: NewMessage): Promise<AppendResult | null> {
    const existing = await appendQueries.findByClientId(trx, input).executeTakeFirst();
    if (existing !== undefined) return { message: toMessage(existing), created: false };
    const room = await appendQueries.nextSeq(trx, input.roomCode).executeTakeFirst();
    if (room === undefined) return null;
    const row = newMessageRow(input, Number(room.last_seq));
    await appendQueries.insert(trx, row).execute();
    return { message: toMessage(row), created: true };
  }

  const writeBatch: BatchWriter =
    options.writeBatch ??
    ((inputs) =>
      db.transaction().execute(async (trx) => {
        const results: Array<AppendResult | null> = [];
        // In arrival order, so that one sender's messages get increasing seqs.
        for (const input of inputs) results.push(await appendIn(trx, input));
        return results;
      }));
  const appends = createGroupCommit<NewMessage, AppendResult | null>({
    maxBatch: 256,
    ...options.batching,
    writeBatch,
    // The same writer with a batch of one, so that a driver's own writer is the only one that writes.
    writeOne: async (input) => (await writeBatch([input]))[0] ?? null,
  });

  return {
    async createRoom(code, createdAt) {
      const result = await db
        .insertInto("rooms")
        .values({ code, created_at: createdAt.toISOString() })
        .onConflict((oc) => oc.column("code").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? { code, createdAt: createdAt.toISOString() } : null;
    },

    async getRoom(code): Promise<Room | null> {
      const row = await db.selectFrom("rooms").select(["code", "created_at"]).where("code", "=", code).executeTakeFirst();
      return row === undefined ? null : { code: row.code, createdAt: row.created_at };
    },

    appendMessage: (input) => appends.submit(input),

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
