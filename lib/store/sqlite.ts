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
import { createSqliteBatchWriter, createSqliteChangeWriter } from "./sqlite-batch-writer";
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
  const changeAll = createSqliteChangeWriter(writer, options.roomQuotaBytes);
  const erase = eraseAfterDeletes(writer);
  return createKyselyStore(db, {
    // A failure (SQLITE_FULL...) rejects with better-sqlite3's error, whose `code` storage-failures.ts reads.
    writeBatch: async (inputs) => writeAll(inputs),
    writeChanges: async (changes) => {
      const outcomes = changeAll(changes);
      if (changes.some((change, i) => change.kind === "delete" && (outcomes[i] as { changed?: boolean }).changed === true)) erase.soon();
      return outcomes;
    },
    onClose: async () => {
      erase.now();
      writer.close();
    },
  });
}

/** How soon after a deletion the WAL is checkpointed and truncated; deletions within it share one. */
const ERASE_DELAY_MS = 1_000;

/**
 * A deleted message's text is gone from the database file at once (secure_delete), but the WAL keeps
 * the page images that held it until a checkpoint copies the pages back and truncates the file. So a
 * deletion is followed, within ERASE_DELAY_MS, by a TRUNCATE checkpoint: it waits for readers to
 * finish (busy_timeout) and pauses the event loop while it copies, which deletions, rare next to
 * sends, can afford. If readers keep it from finishing, the next deletion tries again.
 */
function eraseAfterDeletes(writer: ReturnType<typeof openSqliteConnection>): { soon(): void; now(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const now = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    try {
      writer.pragma("wal_checkpoint(TRUNCATE)");
    } catch {
      // A busy or closing database: the WAL is truncated at the next deletion or checkpoint.
    }
  };
  return {
    soon() {
      timer ??= setTimeout(now, ERASE_DELAY_MS);
      timer.unref();
    },
    now: () => {
      if (timer !== null) now();
    },
  };
}
