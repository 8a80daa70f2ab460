/** The embedded default: SQLite in one file through better-sqlite3. */
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import type { Database } from "./schema";
import { openSqliteConnection } from "./sqlite-connection";
import { startSqliteWriteThread } from "./sqlite-write-thread";
import type { ChatStore } from "./types";

export async function openSqliteStore(file: string): Promise<ChatStore> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqliteConnection(file, { checkpoints: false }) }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // Appends go to the write thread; rooms and reads use this connection.
  const writer = await startSqliteWriteThread(file);
  return createKyselyStore(db, { writeBatch: writer.writeBatch, onClose: writer.close });
}
