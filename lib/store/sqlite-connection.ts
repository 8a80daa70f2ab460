/** One SQLite connection with the settings every connection to the chat database uses. */
import { closeSync, fdatasyncSync, fstatSync, openSync, writeSync } from "node:fs";
import SqliteDatabase from "better-sqlite3";
import { secureDatabaseFiles } from "./data-files";

/**
 * Checkpoint every 10,000 WAL pages (~40 MB) instead of SQLite's 1,000: the same hot index pages are
 * rewritten by many commits, and a rarer checkpoint copies each to the database file once instead of
 * each time. In the writes benchmark this is the difference between 157 and about 110 us of CPU per
 * acknowledged message.
 */
const CHECKPOINT_PAGES = 10_000;
/** Room past the checkpoint for the transaction that crosses it (a batch of 256 sends writes far fewer). */
const WAL_SLACK_PAGES = 1_000;
/** A WAL file starts with a 32-byte header; each frame is a 24-byte header and one page. */
const WAL_HEADER_BYTES = 32;
const WAL_FRAME_HEADER_BYTES = 24;

export interface SqliteFileOptions {
  /**
   * SQLITE_MAX_SIZE_MB: the database file's cap. Writes past it fail with SQLITE_FULL, the error a full
   * disk gives, so they are refused and reported the same way (storage-failures.ts).
   */
  maxBytes?: number | undefined;
}

/**
 * `checkpoints`: whether this connection copies the WAL back into the database file. Only the write
 * thread's connection does (sqlite-write-thread.ts): on the main thread's connection a checkpoint would
 * stop the event loop for its whole copy and fsync.
 */
export function openSqliteConnection(file: string, options: SqliteFileOptions & { checkpoints: boolean }): SqliteDatabase.Database {
  secureDatabaseFiles(file);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (history pages) run while a write commits; synchronous=FULL fsyncs every commit,
  // so a message is on disk before it is acknowledged even if the machine loses power.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // The reading and the writing connections (sqlite-write-thread.ts) wait for each other's locks.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`wal_autocheckpoint = ${options.checkpoints ? CHECKPOINT_PAGES : 0}`);
  // The WAL file is cut back to 64 MB after a checkpoint (above what preallocateWal gives it).
  sqlite.pragma("journal_size_limit = 67108864");
  // Per connection, so both of them (reads and rooms; the write thread) are capped alike.
  if (options.maxBytes !== undefined) {
    const pageSize = Number(sqlite.pragma("page_size", { simple: true }));
    sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
  }
  return sqlite;
}

/**
 * Makes the WAL file as long as it grows between two checkpoints, by writing zeros past its end, so that
 * commits overwrite blocks the file already has instead of appending. After a checkpoint SQLite writes
 * the WAL from its start again, but a new database, and every start (SQLite deletes the WAL when the
 * last connection closes), appends for its first 40 MB. On ext4 a commit's fdatasync after an append
 * also commits the file system's journal (the new size and blocks); after an overwrite it only flushes
 * the data. Measured on the benchmark machine, one-row commits: 114 to 167 us of CPU and a p50 of 0.23
 * to 0.35 ms appending, 78 to 80 us and 0.14 to 0.15 ms overwriting. Durability is unchanged: every
 * commit is still fdatasync'ed, and SQLite stops reading the WAL at the first frame whose checksum does
 * not match, which zeros never do, as it does for the stale frames it leaves behind a restart.
 *
 * Run once by the write thread, before its first write, inside a write transaction so that no other
 * connection appends frames meanwhile; it writes only past the file's end, never over a frame.
 */
export function preallocateWal(sqlite: SqliteDatabase.Database, file: string): void {
  const pageSize = Number(sqlite.pragma("page_size", { simple: true }));
  const target = WAL_HEADER_BYTES + (CHECKPOINT_PAGES + WAL_SLACK_PAGES) * (WAL_FRAME_HEADER_BYTES + pageSize);
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    // In WAL mode the transaction has opened (and if need be created) the WAL file.
    const fd = openSync(`${file}-wal`, "r+");
    try {
      const zeros = Buffer.alloc(1 << 20);
      let end = fstatSync(fd).size;
      if (end >= target) return;
      while (end < target) end += writeSync(fd, zeros, 0, Math.min(zeros.length, target - end), end);
      // Now, so that the first commit's fdatasync does not flush 40 MB of zeros.
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } finally {
    sqlite.exec("COMMIT");
  }
}
