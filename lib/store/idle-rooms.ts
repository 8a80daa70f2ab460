/**
 * What the retention sweep and the server-wide quota read and delete (lib/rooms/storage.ts): the text a
 * whole server holds, and the rooms whose lifetime has run out.
 */
import type { Kysely } from "kysely";
import { deleteRoom } from "./room-control";
import type { Database } from "./schema";

export async function storedBytes(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("rooms")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("bytes"), eb.lit(0)).as("total"))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * Up to `limit` rooms whose lifetime has run out at `now`, deleted with everything in them (as the owner
 * ending them would) and their codes retired; returns their codes. A room lives `lifetime_hours` after
 * its last message (or its creation), at most `maxLifetimeHours` (ROOM_RETENTION_HOURS). Rooms are read
 * a lifetime at a time (a room may choose among a few), so each query compares last_active_at with one
 * cutoff, on its index, the same on SQLite and PostgreSQL.
 */
export async function deleteExpiredRooms(db: Kysely<Database>, now: Date, maxLifetimeHours: number, limit: number): Promise<string[]> {
  const lifetimes = await db.selectFrom("rooms").select("lifetime_hours").distinct().execute();
  const deleted: string[] = [];
  for (const { lifetime_hours: hours } of lifetimes) {
    const cutoff = new Date(now.getTime() - Math.min(Number(hours), maxLifetimeHours) * 3_600_000).toISOString();
    const expired = await db
      .selectFrom("rooms")
      .select("code")
      .where("lifetime_hours", "=", hours)
      .where("last_active_at", "<", cutoff)
      .orderBy("last_active_at")
      .limit(limit - deleted.length)
      .execute();
    // A message that arrives meanwhile makes the room live on: the deletion checks the cutoff again.
    for (const { code } of expired) if (await deleteRoom(db, code, now, { idleBefore: cutoff })) deleted.push(code);
    if (deleted.length >= limit) break;
  }
  return deleted;
}
