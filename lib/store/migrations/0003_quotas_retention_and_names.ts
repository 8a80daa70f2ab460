/**
 * Storage limits, retention and reserved names (issue 15):
 *
 * - rooms.bytes: the UTF-8 bytes of message text the room holds, kept by every append in the same
 *   statement that numbers the message, so the per-room quota is checked atomically with the write.
 * - rooms.last_active_at: its last message (or its creation); the retention sweep deletes rooms idle
 *   for longer than ROOM_RETENTION_HOURS. Indexed for that sweep.
 * - members: a name, once used in a room, stays reserved to its member for the room's life, so nobody
 *   can post later under a departed member's name. Keyed by the name's comparison key
 *   (lib/rooms/name-key.ts), so look-alike spellings are the same name. rooms.names counts them, so
 *   that the cap on a room's names is taken in one conditional update (which also serialises
 *   reservations in one room on PostgreSQL) rather than counted and then inserted.
 *
 * Existing rooms get their byte count and last activity from their messages.
 */
import { SqliteAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .alterTable("rooms")
    .addColumn("bytes", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("rooms").addColumn("last_active_at", "varchar(32)").execute();
  await db.schema
    .alterTable("rooms")
    .addColumn("names", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  const textBytes = sqlite ? sql`length(cast(m.text as blob))` : sql`octet_length(m.text)`;
  await sql`
    update rooms set
      bytes = coalesce((select sum(${textBytes}) from messages m where m.room_code = rooms.code), 0),
      last_active_at = coalesce((select max(m.created_at) from messages m where m.room_code = rooms.code), rooms.created_at)
  `.execute(db);
  await db.schema.createIndex("rooms_last_active_at").on("rooms").column("last_active_at").execute();

  await db.schema
    .createTable("members")
    .addColumn("room_code", "varchar(16)", (col) => col.notNull().references("rooms.code").onDelete("cascade"))
    .addColumn("name_key", "varchar(512)", (col) => col.notNull())
    .addColumn("member_id", "varchar(64)", (col) => col.notNull())
    .addColumn("name", "varchar(256)", (col) => col.notNull())
    .addColumn("created_at", "varchar(32)", (col) => col.notNull())
    .addPrimaryKeyConstraint("members_pkey", ["room_code", "name_key"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("members").execute();
  await db.schema.dropIndex("rooms_last_active_at").execute();
  await db.schema.alterTable("rooms").dropColumn("names").execute();
  await db.schema.alterTable("rooms").dropColumn("last_active_at").execute();
  await db.schema.alterTable("rooms").dropColumn("bytes").execute();
}
