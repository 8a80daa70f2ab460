/**
 * An always-empty table for readiness to write to while the store's writes fail (storage-health.ts):
 * a row inserted and deleted in one transaction needs new space and a commit, as an append does, yet
 * leaves nothing behind and locks no room.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("storage_probe")
    .addColumn("id", "varchar(36)", (col) => col.primaryKey())
    // Text rather than a blob type: SQLite's and PostgreSQL's names for one differ, and text is what a message is.
    .addColumn("filler", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("storage_probe").execute();
}
