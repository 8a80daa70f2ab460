/**
 * What the retention sweep and the server-wide quota read and delete (lib/rooms/storage.ts): the text a
 * whole server holds, and rooms idle for longer than the retention.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** Messages an idle room loses per statement while it is deleted, so no statement holds the database long. */
const DELETE_SLICE = 1_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function storedBytes(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("rooms")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("bytes"), eb.lit(0)).as("total"))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Deletes the room if it is still idle, its messages a slice at a time (oldest first), then the rest. */
async function deleteIfIdle(db: Kysely<Database>, code: string, idleSince: string): Promise<boolean> {
  const idleRoom = db.selectFrom("rooms").select("code").where("code", "=", code).where("last_active_at", "<", idleSince);
  for (;;) {
    const slice = db.selectFrom("messages").select("id").where("room_code", "=", code).orderBy("seq").limit(DELETE_SLICE);
    const deleted = await db
      .deleteFrom("messages")
      .where("id", "in", slice)
      .where((eb) => eb.exists(idleRoom))
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) < DELETE_SLICE) break;
    await yieldToEventLoop();
  }
  // A message that arrived meanwhile made the room active again: it stays (with its newer messages).
  const room = await db.deleteFrom("rooms").where("code", "=", code).where("last_active_at", "<", idleSince).executeTakeFirst();
  return Number(room.numDeletedRows) === 1;
}

/** Up to `limit` rooms whose last activity is older than `idleSince`, deleted; returns their codes. */
export async function deleteIdleRooms(db: Kysely<Database>, idleSince: Date, limit: number): Promise<string[]> {
  const cutoff = idleSince.toISOString();
  const idle = await db.selectFrom("rooms").select("code").where("last_active_at", "<", cutoff).orderBy("last_active_at").limit(limit).execute();
  const deleted: string[] = [];
  for (const { code } of idle) if (await deleteIfIdle(db, code, cutoff)) deleted.push(code);
  return deleted;
}
