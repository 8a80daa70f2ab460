/** One SQLite connection with the settings every connection to the chat database uses. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";

export function openSqliteConnection(file: string): SqliteDatabase.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (history pages) run while a write commits; synchronous=FULL fsyncs every commit,
  // so a message is on disk before it is acknowledged even if the machine loses power.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // The reading and the writing connections (sqlite-write-thread.ts) wait for each other's locks.
  sqlite.pragma("busy_timeout = 5000");
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: the same hot index pages are rewritten by
  // many commits, and a rarer checkpoint copies each of them to the database file once, not each time.
  sqlite.pragma("wal_autocheckpoint = 10000");
  sqlite.pragma("journal_size_limit = 67108864");
  return sqlite;
}
