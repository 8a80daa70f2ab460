/** The embedded default: SQLite in one file through better-sqlite3. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import type { Database } from "./schema";
import type { ChatStore } from "./types";

export async function openSqliteStore(file: string): Promise<ChatStore> {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (history pages) run while a write commits; synchronous=FULL fsyncs every commit,
  // so a message is on disk before it is acknowledged even if the machine loses power.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStore(db, { writeBatch: createSqliteBatchWriter(sqlite, db) });
}
