import type { Kysely } from "kysely";

// Written with the schema builder only, so that it runs unchanged on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rooms")
    .addColumn("code", "varchar(16)", (col) => col.primaryKey())
    .addColumn("created_at", "varchar(32)", (col) => col.notNull())
    .addColumn("last_seq", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("messages")
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
    // A retried send finds the stored message instead of storing it twice.
    .addUniqueConstraint("messages_room_author_client", ["room_code", "author_id", "client_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("rooms").execute();
}
