/**
 * Names reserved in a room (the members table, migration 0003): a name belongs to the member that first
 * used it there, for the room's life. Keys are the look-alike-proof keys of lib/rooms/name-key.ts.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import type { ChatStore, ReserveNameResult } from "./types";

export function reserveName(db: Kysely<Database>, ...[roomCode, { nameKey, memberId, name, at }, maxMembers]: Parameters<ChatStore["reserveName"]>): Promise<ReserveNameResult> {
  return db.transaction().execute(async (trx): Promise<ReserveNameResult> => {
    const holder = () => trx.selectFrom("members").select(["member_id", "name"]).where("room_code", "=", roomCode).where("name_key", "=", nameKey).executeTakeFirst();
    const held = await holder();
    if (held !== undefined) return held.member_id === memberId ? { ok: true, name: held.name } : { ok: false, reason: "name_taken" };
    // Takes a place under the cap in one conditional update: no two reservations can both take the
    // last one, and on PostgreSQL the row lock queues the room's other reservations behind this one.
    const counted = await trx
      .updateTable("rooms")
      .set((eb) => ({ names: eb("names", "+", 1) }))
      .where("code", "=", roomCode)
      .where("names", "<", maxMembers)
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) === 0) return { ok: false, reason: "room_full" };
    const inserted = await trx
      .insertInto("members")
      .values({ room_code: roomCode, name_key: nameKey, member_id: memberId, name, created_at: at.toISOString() })
      .onConflict((oc) => oc.columns(["room_code", "name_key"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { ok: true, name };
    // Reserved by another transaction that committed first (SQLite cannot get here: one connection
    // writes members): give the place back and say who won.
    await trx
      .updateTable("rooms")
      .set((eb) => ({ names: eb("names", "-", 1) }))
      .where("code", "=", roomCode)
      .execute();
    const winner = await holder();
    return winner?.member_id === memberId ? { ok: true, name: winner.name } : { ok: false, reason: "name_taken" };
  });
}

export async function findName(db: Kysely<Database>, roomCode: string, nameKey: string): Promise<{ memberId: string; name: string } | null> {
  const row = await db.selectFrom("members").select(["member_id", "name"]).where("room_code", "=", roomCode).where("name_key", "=", nameKey).executeTakeFirst();
  return row === undefined ? null : { memberId: row.member_id, name: row.name };
}
