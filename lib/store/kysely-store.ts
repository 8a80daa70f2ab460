/**
 * The ChatStore over Kysely: rooms, reads, names and retention run these dialect-neutral queries on
 * SQLite and PostgreSQL alike. Appends and changes to messages are each backend's own, a batch per
 * transaction: sqlite-batch-writer.ts and sqlite-change-writer.ts, postgres-batch-writer.ts and
 * postgres-change-writer.ts.
 */
import { randomBytes } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";
import { Migrator, sql, type Kysely } from "kysely";
import { MESSAGE_MAX_LENGTH } from "../protocol-rules";
import { createGroupCommit } from "./group-commit";
import { deleteExpiredRooms, storedBytes } from "./idle-rooms";
import { findName, reserveName } from "./name-reservations";
import { presentMembers, recordPresence } from "./presence-records";
import { claimOwnership, deleteRoom, isCodeRetired, isKicked, isMember, kickedMembers, kickMember, releaseRetiredCodes, roomControl, unkickMember, updateRoomControl } from "./room-control";
import { toMessage } from "./message-rows";
import { selectMessages } from "./message-reads";
import type { ChangeInput } from "./message-changes";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";
import type { AppendOutcome, ChatStore, MessageChangeOutcome, MessagePage, NewMessage, Room } from "./types";

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error !== undefined || failed !== undefined) {
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed`, { cause: error });
  }
}

/** Writes a batch of appends in one transaction, in order; one outcome per input. */
export type BatchWriter = (inputs: readonly NewMessage[]) => Promise<AppendOutcome[]>;

/** Writes a batch of changes to messages in one transaction, in order; one outcome per change. */
export type ChangeWriter = (changes: readonly ChangeInput[]) => Promise<MessageChangeOutcome[]>;

export interface KyselyStoreOptions {
  /** The backend's writer of a batch of appends (one transaction). */
  writeBatch: BatchWriter;
  /** The backend's writer of a batch of edits, deletions and reactions (one transaction). */
  writeChanges: ChangeWriter;
  /** Releases what the driver's writer holds; runs before the connection closes. */
  onClose?: () => Promise<void>;
  /** Called after rows holding message text were deleted (a whole room): SQLite truncates its WAL soon after. */
  onErased?: () => void;
  /** How `ChatStore.exclusively` keeps a job to one instance at a time; by default (one instance) it just runs. */
  exclusively?: <T>(job: string, work: () => Promise<T>) => Promise<T | null>;
}

export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions): ChatStore {
  const { writeBatch, writeChanges } = options;
  const appends = createGroupCommit<NewMessage, AppendOutcome>({
    maxBatch: 256,
    writeBatch,
    // A batch of one, so that the backend's writer is the only code that appends.
    writeOne: async (input) => (await writeBatch([input]))[0] ?? null,
  });
  // Changes commit in batches too, in a queue of their own: a reaction storm shares fsyncs the way
  // sends do, and never waits behind a batch of appends it has nothing to do with.
  const changes = createGroupCommit<ChangeInput, MessageChangeOutcome>({
    maxBatch: 256,
    writeBatch: writeChanges,
    writeOne: async (change) => (await writeChanges([change]))[0] ?? "message_not_found",
  });
  const messages = () => selectMessages(db);

  return {
    async createRoom(code, createdAt, control) {
      const at = createdAt.toISOString();
      const settings =
        control === undefined ? {} : { owner_key_hash: control.ownerKeyHash, lifetime_hours: control.lifetimeHours, passphrase_hash: control.passphraseHash };
      const result = await db
        .insertInto("rooms")
        .values({ code, created_at: at, last_active_at: at, ...settings })
        .onConflict((oc) => oc.column("code").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? { code, createdAt: at } : null;
    },

    async getRoom(code): Promise<Room | null> {
      const row = await db.selectFrom("rooms").select(["code", "created_at"]).where("code", "=", code).executeTakeFirst();
      return row === undefined ? null : { code: row.code, createdAt: row.created_at };
    },

    appendMessage: (input) => appends.submit(input),
    changeMessage: (change) => changes.submit(change),

    reserveName: (roomCode, reservation, maxMembers) => reserveName(db, roomCode, reservation, maxMembers),
    findName: (roomCode, nameKey) => findName(db, roomCode, nameKey),
    presentMembers: () => presentMembers(db),
    recordPresence: (present, gone) => recordPresence(db, present, gone),
    storedBytes: () => storedBytes(db),
    async deleteExpiredRooms(now, maxLifetimeHours, limit) {
      const codes = await deleteExpiredRooms(db, now, maxLifetimeHours, limit);
      if (codes.length > 0) options.onErased?.();
      return codes;
    },
    roomControl: (code) => roomControl(db, code),
    updateRoomControl: (code, patch, owner) => updateRoomControl(db, code, patch, owner),
    claimOwnership: (code, memberId, ownerKeyHash) => claimOwnership(db, code, memberId, ownerKeyHash),
    isMember: (code, memberId) => isMember(db, code, memberId),
    kickMember: (code, kick) => kickMember(db, code, kick),
    unkickMember: (code, name) => unkickMember(db, code, name),
    kickedMembers: (code) => kickedMembers(db, code),
    isKicked: (code, memberId) => isKicked(db, code, memberId),
    async deleteRoom(code, at) {
      const deleted = await deleteRoom(db, code, at);
      if (deleted) options.onErased?.();
      return deleted;
    },
    isCodeRetired: (code, since) => isCodeRetired(db, code, since),
    exclusively: options.exclusively ?? ((_job, work) => work()),
    releaseRetiredCodes: (before) => releaseRetiredCodes(db, before),

    async listMessages(roomCode, { limit, before }): Promise<MessagePage> {
      let query = messages().where("m.room_code", "=", roomCode);
      if (before !== undefined) query = query.where("m.seq", "<", before);
      // One extra row tells whether an older page exists without a second query.
      const rows = await query.orderBy("m.seq", "desc").limit(limit + 1).execute();
      const hasOlder = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasOlder };
    },

    async listMessagesAfter(roomCode, afterSeq, limit) {
      const rows = await messages()
        .where("m.room_code", "=", roomCode)
        .where("m.seq", ">", afterSeq)
        .orderBy("m.seq", "asc")
        .limit(limit + 1)
        .execute();
      return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
    },

    async listChangesAfter(roomCode, afterVersion, limit) {
      const rows = await messages()
        .where("m.room_code", "=", roomCode)
        // Spelled out so that the planners use the partial index of changed messages (migration 0005):
        // neither can tell from a parameter that it is above 0.
        .where("m.version", ">", sql.lit(0))
        .where("m.version", ">", afterVersion)
        .orderBy("m.version", "asc")
        .limit(limit + 1)
        .execute();
      return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
    },

    async lastChange(roomCode) {
      const row = await db.selectFrom("rooms").select("last_change").where("code", "=", roomCode).executeTakeFirst();
      return Number(row?.last_change ?? 0);
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
