/**
 * Rooms with an owner and a lifetime (issue 19):
 *
 * - rooms.owner_key_hash: the SHA-256 (hex) of the owner key POST /api/rooms hands its creator; the
 *   key itself is never stored. rooms.owner_member_id: the member identity that holds ownership now
 *   (null until the owner first joins with the key; a transfer moves it).
 * - rooms.locked: 1 while nobody new may join.
 * - rooms.passphrase_hash: null, or the passphrase's scrypt hash with its parameters and salt.
 * - rooms.lifetime_hours: how long the room lives after its last message (1, 24, 168 or 720). New rooms
 *   default to 168 (7 days); rooms that exist when this runs keep the 720 hours (30 days) the retention
 *   of issue 15 promised them. Indexed with last_active_at for the sweep.
 * - room_kicks: member identities the owner removed, with the name they had, until lifted.
 * - retired_codes: the codes of deleted rooms (ended, expired), which are not handed out again for a
 *   while, so that an old link cannot lead into a stranger's new room.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rooms").addColumn("owner_key_hash", "varchar(64)").execute();
  await db.schema.alterTable("rooms").addColumn("owner_member_id", "varchar(64)").execute();
  await db.schema
    .alterTable("rooms")
    .addColumn("locked", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("rooms").addColumn("passphrase_hash", "varchar(256)").execute();
  await db.schema
    .alterTable("rooms")
    .addColumn("lifetime_hours", "integer", (col) => col.notNull().defaultTo(168))
    .execute();
  await sql`update rooms set lifetime_hours = 720`.execute(db);
  // The sweep reads expired rooms a lifetime at a time (lib/store/idle-rooms.ts): one range per lifetime.
  await db.schema.createIndex("rooms_lifetime_last_active").on("rooms").columns(["lifetime_hours", "last_active_at"]).execute();

  await db.schema
    .createTable("room_kicks")
    .addColumn("room_code", "varchar(16)", (col) => col.notNull().references("rooms.code").onDelete("cascade"))
    .addColumn("member_id", "varchar(64)", (col) => col.notNull())
    .addColumn("name", "varchar(256)", (col) => col.notNull())
    .addColumn("kicked_at", "varchar(32)", (col) => col.notNull())
    .addPrimaryKeyConstraint("room_kicks_pkey", ["room_code", "member_id"])
    .execute();

  await db.schema
    .createTable("retired_codes")
    .addColumn("code", "varchar(16)", (col) => col.primaryKey())
    .addColumn("retired_at", "varchar(32)", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("retired_codes").execute();
  await db.schema.dropTable("room_kicks").execute();
  await db.schema.dropIndex("rooms_lifetime_last_active").execute();
  for (const column of ["lifetime_hours", "passphrase_hash", "locked", "owner_member_id", "owner_key_hash"]) {
    await db.schema.alterTable("rooms").dropColumn(column).execute();
  }
}
