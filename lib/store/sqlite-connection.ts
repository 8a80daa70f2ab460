/** One SQLite connection with the settings every connection to the chat database uses. */
import SqliteDatabase from "better-sqlite3";
import { secureDatabaseFiles } from "./data-files";

/**
 * Checkpoint every 10,000 WAL pages (~40 MB) instead of SQLite's 1,000: the same hot index pages are
 * rewritten by many commits, and a rarer checkpoint copies each to the database file once instead of
 * each time, which the writes benchmark shows in CPU per acknowledged message (docs/performance.md).
 */
const CHECKPOINT_PAGES = 10_000;

export interface SqliteFileOptions {
  /**
   * SQLITE_MAX_SIZE_MB: the database file's cap. Writes past it fail with SQLITE_FULL, the error a full
   * disk gives, so they are refused and reported the same way (storage-failures.ts).
   */
  maxBytes?: number | undefined;
}

/**
 * `checkpoints`: whether this connection copies the WAL back into the database file. Only the writing
 * connection does (sqlite.ts), after the commit that takes the WAL past CHECKPOINT_PAGES; the reading
 * one never blocks a read on a checkpoint.
 */
export function openSqliteConnection(file: string, options: SqliteFileOptions & { checkpoints: boolean }): SqliteDatabase.Database {
  secureDatabaseFiles(file);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (history pages) run while a write commits; synchronous=FULL fsyncs every commit,
  // so a message is on disk before it is acknowledged even if the machine loses power.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // A deleted message's text must leave the file, not only the view: SQLite then overwrites the bytes
  // that a delete or an update frees with zeros instead of leaving them in free space. The WAL still
  // holds old page images until a checkpoint truncates it (sqlite.ts does that after deletions).
  sqlite.pragma("secure_delete = ON");
  // The reading and the writing connections (sqlite.ts) wait for each other's locks.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`wal_autocheckpoint = ${options.checkpoints ? CHECKPOINT_PAGES : 0}`);
  // After a checkpoint the WAL file is cut back to 64 MB, above the 40 MB it grows to between two.
  sqlite.pragma("journal_size_limit = 67108864");
  // Per connection, so both of them (reads and rooms; appends) are capped alike.
  if (options.maxBytes !== undefined) {
    const pageSize = Number(sqlite.pragma("page_size", { simple: true }));
    sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
  }
  return sqlite;
}

