/**
 * The embedded default: SQLite in one file through better-sqlite3, over two connections. Kysely's serves
 * rooms, reads, names and retention. Appends have one of their own (sqlite-batch-writer.ts), used
 * synchronously: a group commit's batch runs as one native transaction with no await per statement, and
 * it can never land inside a transaction Kysely holds open across awaits (probeWrite's). WAL lets reads
 * run while a write commits.
 *
 * The appends ran on a worker thread until issue 16, so that a COMMIT's fsync did not stop the event
 * loop; measured against this plain way, every benchmark target held without it (docs/performance.md).
 */
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import type { Database } from "./schema";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import { openSqliteConnection, type SqliteFileOptions } from "./sqlite-connection";
import type { ChatStore } from "./types";

/** `roomQuotaBytes`: the most message text one room may hold (ROOM_STORAGE_MB); `maxBytes`: SQLITE_MAX_SIZE_MB. */
export async function openSqliteStore(file: string, options: SqliteFileOptions & { roomQuotaBytes: number }): Promise<ChatStore> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqliteConnection(file, { maxBytes: options.maxBytes, checkpoints: false }) }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const writer = openSqliteConnection(file, { maxBytes: options.maxBytes, checkpoints: true });
  const writeAll = createSqliteBatchWriter(writer, options.roomQuotaBytes);
  return createKyselyStore(db, {
    // A failure (SQLITE_FULL...) rejects with better-sqlite3's error, whose `code` storage-failures.ts reads.
    writeBatch: async (inputs) => writeAll(inputs),
    onClose: async () => void writer.close(),
  });
}
