/** One SQLite connection with the settings every connection to the chat database uses. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";

/**
 * `checkpoints`: whether this connection copies the WAL back into the database file. Only the write
 * thread's connection does (sqlite-write-thread.ts): on the main thread's connection a checkpoint would
 * stop the event loop for its whole copy and fsync.
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
  // Checkpoint every 10,000 WAL pages (~40 MB) instead of SQLite's 1,000: the same hot index pages are
  // rewritten by many commits, and a rarer checkpoint copies each to the database file once instead of
  // each time. In the writes benchmark this is the difference between 157 and about 110 us of CPU per
  // acknowledged message. The WAL file is cut back to 64 MB after a checkpoint.
  sqlite.pragma(`wal_autocheckpoint = ${options.checkpoints ? 10_000 : 0}`);
  sqlite.pragma("journal_size_limit = 67108864");
  return sqlite;
}
