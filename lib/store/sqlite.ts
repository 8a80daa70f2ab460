/**
 * The embedded default: SQLite in one file through better-sqlite3, over two connections. Kysely's serves
 * rooms, reads, names and retention. Appends and changes to messages have one of their own
 * (sqlite-batch-writer.ts, sqlite-change-writer.ts), used synchronously: a group commit's batch runs as
 * one native transaction with no await per statement, and it can never land inside a transaction Kysely
 * holds open across awaits (probeWrite's). WAL lets reads run while a write commits.
 *
 * The appends ran on a worker thread until issue 16, so that a COMMIT's fsync did not stop the event
 * loop; measured against this plain way, every benchmark target held without it (docs/performance.md).
 */
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import type { Database } from "./schema";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import { createSqliteChangeWriter } from "./sqlite-change-writer";
import { openSqliteConnection, type SqliteFileOptions } from "./sqlite-connection";
import type { ChatStore, MessageChangeOutcome } from "./types";

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
  const erase = eraseAfterDeletes(writer);
  // A deletion whose checkpoint a crash prevented left its text in the WAL: truncate it now.
  erase.now();
  const writeAll = createSqliteBatchWriter(writer, options.roomQuotaBytes);
  const changeAll = createSqliteChangeWriter(writer, options.roomQuotaBytes);
  return createKyselyStore(db, {
    // A failure (SQLITE_FULL...) rejects with better-sqlite3's error, whose `code` storage-failures.ts reads.
    writeBatch: async (inputs) => writeAll(inputs),
    writeChanges: async (changes) => {
      const outcomes = changeAll(changes);
      if (changes.some((change, i) => change.kind === "delete" && isChanged(outcomes[i]))) erase.soon();
      return outcomes;
    },
    onErased: () => erase.soon(),
    onClose: async () => {
      erase.stop();
      writer.close();
    },
  });
}

/** Whether a change's outcome is a change made (not a refusal, nor a retry that found it made). */
function isChanged(outcome: MessageChangeOutcome | undefined): boolean {
  return typeof outcome === "object" && outcome.changed;
}

/** How soon after a deletion the WAL is checkpointed and truncated; deletions within it share one. */
const ERASE_DELAY_MS = 1_000;
/** The longest wait between two attempts while readers keep the checkpoint from finishing. */
const ERASE_RETRY_MAX_MS = 30_000;

/**
 * A deleted message's text is gone from the database file at once (secure_delete), but the WAL keeps
 * the page images that held it until a checkpoint copies the pages back and truncates the file. So a
 * deletion is followed, within ERASE_DELAY_MS, by a TRUNCATE checkpoint, and so is every start (a
 * crash may have come first). The checkpoint runs without waiting for readers (busy_timeout 0 for the
 * call: waiting would stop the event loop, for up to 5 s behind a backup in another process); if
 * readers hold it back it reports busy and is tried again with back-off. While it runs it pauses the
 * event loop for the copy, which deletions, rare next to sends, can afford.
 */
function eraseAfterDeletes(writer: ReturnType<typeof openSqliteConnection>): { soon(): void; now(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let delay = ERASE_DELAY_MS;
  const schedule = (ms: number) => {
    timer = setTimeout(now, ms);
    timer.unref();
  };
  function now(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const waitMs = Number(writer.pragma("busy_timeout", { simple: true }));
    let busy = true;
    try {
      writer.pragma("busy_timeout = 0");
      const [result] = writer.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
      busy = result?.busy !== 0;
    } catch {
      // SQLITE_BUSY from a writer in another process: tried again below.
    } finally {
      writer.pragma(`busy_timeout = ${waitMs}`);
    }
    if (!busy) delay = ERASE_DELAY_MS;
    else {
      delay = Math.min(delay * 2, ERASE_RETRY_MAX_MS);
      schedule(delay);
    }
  }
  return {
    soon() {
      if (timer === null) schedule(ERASE_DELAY_MS);
    },
    now,
    stop() {
      // On close: the checkpoint still due runs now; one that keeps failing is left to the next start.
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
        try {
          writer.pragma("wal_checkpoint(TRUNCATE)");
        } catch {
          // Closing anyway; the next start truncates.
        }
      }
    },
  };
}
