import type { Kysely } from "kysely";

/** The unique key that makes a send idempotent: the columns a retry repeats. */
export interface SendKey {
  name: string;
  columns: Array<"client_id" | "room_code" | "author_id">;
}

// A retried send finds the stored message instead of storing it twice.
export const FIRST_SEND_KEY: SendKey = { name: "messages_room_author_client", columns: ["room_code", "author_id", "client_id"] };

/**
 * The messages table as this migration defines it, under `name` and with `sendKey`: migration 0002
 * rebuilds it on SQLite with another key. Keep it as it is; a later change to the columns is a new
 * migration.
 */
export async function createMessagesTable(db: Kysely<unknown>, name: string, sendKey: SendKey): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn("id", "varchar(36)", (col) => col.primaryKey())
    .addColumn("room_code", "varchar(16)", (col) => col.notNull().references("rooms.code").onDelete("cascade"))
    .addColumn("seq", "bigint", (col) => col.notNull())
    .addColumn("author_id", "varchar(64)", (col) => col.notNull())
    .addColumn("author_name", "varchar(256)", (col) => col.notNull())
    .addColumn("client_id", "varchar(36)", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("created_at", "varchar(32)", (col) => col.notNull())
    // Keyset pagination reads (room_code, seq) in both directions; uniqueness makes seq gap-free per room.
    .addUniqueConstraint("messages_room_seq", ["room_code", "seq"])
    .addUniqueConstraint(sendKey.name, sendKey.columns)
    .execute();
}

// Written with the schema builder only, so that it runs unchanged on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rooms")
    .addColumn("code", "varchar(16)", (col) => col.primaryKey())
    .addColumn("created_at", "varchar(32)", (col) => col.notNull())
    .addColumn("last_seq", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();

  await createMessagesTable(db, "messages", FIRST_SEND_KEY);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("rooms").execute();
}
