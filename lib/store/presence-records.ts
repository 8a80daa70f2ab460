/**
 * The present_members table (migration 0006): who is present in which room, as the presence ledger
 * (lib/rooms/presence-ledger.ts) last wrote it. Dialect-neutral: SQLite and PostgreSQL alike.
 *
 * No transaction across awaits: on SQLite one would hold the write lock while the message writer,
 * which runs synchronously on its own connection (sqlite.ts), waits for it with the event loop
 * stopped. Each statement commits alone; a batch names every key once, so their order is free.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import type { ChatStore, PresentMember } from "./types";

/** Rows per statement: well under both databases' limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;

export async function presentMembers(db: Kysely<Database>): Promise<PresentMember[]> {
  const rows = await db.selectFrom("present_members").select(["room_code", "name_key", "member_id", "name"]).execute();
  return rows.map((row) => ({ roomCode: row.room_code, nameKey: row.name_key, memberId: row.member_id, name: row.name }));
}

export async function recordPresence(db: Kysely<Database>, ...[present, gone]: Parameters<ChatStore["recordPresence"]>): Promise<void> {
  for (const run of slices(gone)) {
    await db
      .deleteFrom("present_members")
      .where((eb) => eb(eb.refTuple("room_code", "name_key"), "in", run.map(({ roomCode, nameKey }) => eb.tuple(roomCode, nameKey))))
      .execute();
  }
  for (const run of slices(present)) {
    await db
      .insertInto("present_members")
      .values(run.map(({ roomCode, nameKey, memberId, name }) => ({ room_code: roomCode, name_key: nameKey, member_id: memberId, name })))
      .onConflict((oc) =>
        oc.columns(["room_code", "name_key"]).doUpdateSet((eb) => ({ member_id: eb.ref("excluded.member_id"), name: eb.ref("excluded.name") })),
      )
      .execute();
  }
}

function slices<T>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) runs.push(items.slice(start, start + ROWS_PER_STATEMENT));
  return runs;
}
