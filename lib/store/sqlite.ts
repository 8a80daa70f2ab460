/** The embedded default: SQLite in one file through better-sqlite3. */
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import type { Database } from "./schema";
import { openSqliteConnection, type SqliteFileOptions } from "./sqlite-connection";
import { startSqliteWriteThread } from "./sqlite-write-thread";
import type { ChatStore } from "./types";

/**
 * The write thread writes batches in the order it receives them, and every batch waiting for it as one
 * transaction (sqlite-write-requests.ts). Two may be with it at once: one being written, and the next,
 * gathered meanwhile, waiting, so that the thread starts on it as soon as it commits. Each batch is a
 * whole turn's sends: handing batches over earlier makes more, smaller transactions, and every COMMIT
 * costs an fsync whatever its size (docs/performance.md).
 */
const WRITE_THREAD_BATCHING = { maxInFlight: 2 };

/** `roomQuotaBytes`: the most message text one room may hold (ROOM_STORAGE_MB); `maxBytes`: SQLITE_MAX_SIZE_MB. */
export async function openSqliteStore(file: string, options: SqliteFileOptions & { roomQuotaBytes: number }): Promise<ChatStore> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqliteConnection(file, { maxBytes: options.maxBytes, checkpoints: false }) }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // Appends go to the write thread; rooms and reads use this connection.
  const writer = await startSqliteWriteThread({ file, fileOptions: { maxBytes: options.maxBytes }, roomQuotaBytes: options.roomQuotaBytes });
  return createKyselyStore(db, { writeBatch: writer.writeBatch, onClose: writer.close, batching: WRITE_THREAD_BATCHING });
}
