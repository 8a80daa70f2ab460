/**
 * present_members: who was present in which room, so that a restarted server (one instance, no Redis)
 * knows who may come back within the grace period rather than announce everyone as joined
 * (lib/rooms/presence-ledger.ts). No foreign key: a row may outlive its room by a grace period, and
 * a room deleted meanwhile must not make the ledger's writes fail.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("present_members")
    .addColumn("room_code", "varchar(16)", (col) => col.notNull())
    .addColumn("name_key", "varchar(512)", (col) => col.notNull())
    .addColumn("member_id", "varchar(64)", (col) => col.notNull())
    .addColumn("name", "varchar(256)", (col) => col.notNull())
    .addPrimaryKeyConstraint("present_members_pkey", ["room_code", "name_key"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("present_members").execute();
}
