/**
 * The present_members table (migration 0006): who is present in which room, as the presence ledger
 * (lib/rooms/presence-ledger.ts) last wrote it. Dialect-neutral: SQLite and PostgreSQL alike.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import type { ChatStore, PresentMember } from "./types";

export async function presentMembers(db: Kysely<Database>): Promise<PresentMember[]> {
  const rows = await db.selectFrom("present_members").select(["room_code", "name_key", "member_id", "name"]).execute();
  return rows.map((row) => ({ roomCode: row.room_code, nameKey: row.name_key, memberId: row.member_id, name: row.name }));
}

export function recordPresence(db: Kysely<Database>, ...[present, gone]: Parameters<ChatStore["recordPresence"]>): Promise<void> {
  if (present.length === 0 && gone.length === 0) return Promise.resolve();
  return db.transaction().execute(async (trx) => {
    for (const { roomCode, nameKey } of gone) {
      await trx.deleteFrom("present_members").where("room_code", "=", roomCode).where("name_key", "=", nameKey).execute();
    }
    for (const { roomCode, nameKey, memberId, name } of present) {
      await trx
        .insertInto("present_members")
        .values({ room_code: roomCode, name_key: nameKey, member_id: memberId, name })
        .onConflict((oc) => oc.columns(["room_code", "name_key"]).doUpdateSet({ member_id: memberId, name }))
        .execute();
    }
  });
}
