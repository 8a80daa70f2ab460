/** One SQLite connection with the settings every connection to the chat database uses. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";

/**
 * `checkpoints`: whether this connection copies the WAL back into the database file when the WAL passes
 * SQLite's default 1,000 pages. Only the write thread's connection does (sqlite-write-thread.ts): on the
 * main thread's connection a checkpoint would stop the event loop for its whole copy and fsync.
 */
export function openSqliteConnection(file: string, options: { checkpoints: boolean }): SqliteDatabase.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (history pages) run while a write commits; synchronous=FULL fsyncs every commit,
  // so a message is on disk before it is acknowledged even if the machine loses power.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // The reading and the writing connections (sqlite-write-thread.ts) wait for each other's locks.
  sqlite.pragma("busy_timeout = 5000");
  // A larger threshold (10,000 pages) saved CPU per append but let the WAL file grow through a whole
  // run, and every commit that extends a file costs a slower fsync: the rooms benchmark's p99 rose from
  // about 8 to 10 ms. The default keeps reusing a WAL of about 4 MB.
  if (!options.checkpoints) sqlite.pragma("wal_autocheckpoint = 0");
  return sqlite;
}
