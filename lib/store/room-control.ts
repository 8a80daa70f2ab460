/**
 * What the owner of a room controls (issue 19), dialect-neutral over Kysely: the room's owner, lock,
 * passphrase and lifetime (columns of rooms, migration 0007), the members it removed (room_kicks), and
 * the deletion of a whole room, whose code is then retired for a while (retired_codes).
 */
import type { Kysely, Updateable } from "kysely";
import type { Database, RoomsTable } from "./schema";
import type { KickRecord, RoomControl, RoomControlPatch } from "./types";

/** Messages a deleted room loses per statement, so no statement holds the database long. */
const DELETE_SLICE = 1_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function roomControl(db: Kysely<Database>, code: string): Promise<RoomControl | null> {
  const row = await db
    .selectFrom("rooms")
    .select(["owner_key_hash", "owner_member_id", "locked", "passphrase_hash", "lifetime_hours", "last_active_at", "created_at"])
    // The owner's name: the first it reserved in the room (a member rarely holds two).
    .select((eb) =>
      eb
        .selectFrom("members")
        .select("members.name")
        .whereRef("members.room_code", "=", "rooms.code")
        .whereRef("members.member_id", "=", "rooms.owner_member_id")
        .orderBy("members.created_at")
        .limit(1)
        .as("owner_name"),
    )
    .where("code", "=", code)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    ownerKeyHash: row.owner_key_hash,
    ownerMemberId: row.owner_member_id,
    ownerName: row.owner_name ?? null,
    locked: Number(row.locked) === 1,
    passphraseHash: row.passphrase_hash,
    lifetimeHours: Number(row.lifetime_hours),
    lastActiveAt: row.last_active_at ?? row.created_at,
  };
}

/**
 * Changes what `patch` names, if the room exists and (with `owner`) its owner is still that member: a
 * compare-and-set, so that an owner who lost the room meanwhile (a transfer on another instance)
 * changes nothing. False otherwise.
 */
export async function updateRoomControl(db: Kysely<Database>, code: string, patch: RoomControlPatch, owner?: string): Promise<boolean> {
  const values: Updateable<RoomsTable> = {};
  if (patch.ownerKeyHash !== undefined) values.owner_key_hash = patch.ownerKeyHash;
  if (patch.ownerMemberId !== undefined) values.owner_member_id = patch.ownerMemberId;
  if (patch.locked !== undefined) values.locked = patch.locked ? 1 : 0;
  if (patch.passphraseHash !== undefined) values.passphrase_hash = patch.passphraseHash;
  if (patch.lifetimeHours !== undefined) values.lifetime_hours = patch.lifetimeHours;
  if (Object.keys(values).length === 0) return (await roomControl(db, code)) !== null;
  let update = db.updateTable("rooms").set(values).where("code", "=", code);
  if (owner !== undefined) update = update.where("owner_member_id", "=", owner);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Makes `memberId` the owner if `ownerKeyHash` is still the room's key (a transfer or a new key voids
 * the old one, even one a join checked a moment ago). False otherwise.
 */
export async function claimOwnership(db: Kysely<Database>, code: string, memberId: string, ownerKeyHash: string): Promise<boolean> {
  const result = await db.updateTable("rooms").set({ owner_member_id: memberId }).where("code", "=", code).where("owner_key_hash", "=", ownerKeyHash).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether the member reserved a name in the room (it has been in it), and was not kicked. */
export async function isMember(db: Kysely<Database>, code: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom("members")
    .select("member_id")
    .where("room_code", "=", code)
    .where("member_id", "=", memberId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("room_kicks").select("member_id").where("room_code", "=", code).where("member_id", "=", memberId))))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records `kick` (a second kick of the same member keeps the first record); false if the room does not exist. */
export async function kickMember(db: Kysely<Database>, code: string, kick: KickRecord): Promise<boolean> {
  const room = await db.selectFrom("rooms").select("code").where("code", "=", code).executeTakeFirst();
  if (room === undefined) return false;
  await db
    .insertInto("room_kicks")
    .values({ room_code: code, member_id: kick.memberId, name: kick.name, kicked_at: kick.kickedAt })
    .onConflict((oc) => oc.columns(["room_code", "member_id"]).doNothing())
    .execute();
  return true;
}

/** Lifts the kick of the member who had `name` when kicked; its member id, or null if none had it. */
export async function unkickMember(db: Kysely<Database>, code: string, name: string): Promise<string | null> {
  const kick = await db.selectFrom("room_kicks").select("member_id").where("room_code", "=", code).where("name", "=", name).executeTakeFirst();
  if (kick === undefined) return null;
  await db.deleteFrom("room_kicks").where("room_code", "=", code).where("member_id", "=", kick.member_id).execute();
  return kick.member_id;
}

/** The room's kicked members, the earliest first. */
export async function kickedMembers(db: Kysely<Database>, code: string): Promise<KickRecord[]> {
  const rows = await db.selectFrom("room_kicks").select(["member_id", "name", "kicked_at"]).where("room_code", "=", code).orderBy("kicked_at").orderBy("name").execute();
  return rows.map((row) => ({ memberId: row.member_id, name: row.name, kickedAt: row.kicked_at }));
}

export async function isKicked(db: Kysely<Database>, code: string, memberId: string): Promise<boolean> {
  const row = await db.selectFrom("room_kicks").select("member_id").where("room_code", "=", code).where("member_id", "=", memberId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the room and everything in it (messages a slice at a time, then its names, kicks and
 * presence records with the room row) and retires its code at `at`. With `idleBefore` (ISO), only if
 * its last activity is still before it: a message that arrives meanwhile keeps the room, with every
 * message it still has. False if no room was deleted.
 */
export async function deleteRoom(db: Kysely<Database>, code: string, at: Date, { idleBefore }: { idleBefore?: string } = {}): Promise<boolean> {
  // The room, if it is (still) to be deleted.
  const due = (q: Kysely<Database>) => {
    const room = q.selectFrom("rooms").select("code").where("code", "=", code);
    return idleBefore === undefined ? room : room.where("last_active_at", "<", idleBefore);
  };
  for (;;) {
    const slice = db.selectFrom("messages").select("id").where("room_code", "=", code).orderBy("seq").limit(DELETE_SLICE);
    const deleted = await db
      .deleteFrom("messages")
      .where("id", "in", slice)
      .where((eb) => eb.exists(due(db)))
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) < DELETE_SLICE) break;
    await yieldToEventLoop();
  }
  return db.transaction().execute(async (trx) => {
    if ((await due(trx).executeTakeFirst()) === undefined) return false;
    // A message that arrived during the slices goes here (the room's cascade would take it too, but in
    // one statement of unbounded size, which the slices above avoid).
    await trx.deleteFrom("messages").where("room_code", "=", code).execute();
    await trx.deleteFrom("present_members").where("room_code", "=", code).execute();
    // members and room_kicks go with the room (on delete cascade).
    await trx.deleteFrom("rooms").where("code", "=", code).execute();
    await trx
      .insertInto("retired_codes")
      .values({ code, retired_at: at.toISOString() })
      .onConflict((oc) => oc.column("code").doUpdateSet({ retired_at: at.toISOString() }))
      .execute();
    return true;
  });
}

/** Whether `code` belonged to a room deleted at or after `since`. */
export async function isCodeRetired(db: Kysely<Database>, code: string, since: Date): Promise<boolean> {
  const row = await db.selectFrom("retired_codes").select("code").where("code", "=", code).where("retired_at", ">=", since.toISOString()).executeTakeFirst();
  return row !== undefined;
}

/** Forgets codes retired before `before`: they may be handed out again. Returns how many. */
export async function releaseRetiredCodes(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom("retired_codes").where("retired_at", "<", before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
