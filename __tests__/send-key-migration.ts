/**
 * Migration 0002 (the send key led by client_id) on a database that already holds messages, the same
 * for every backend: the history survives, a retry of a stored send is still recognised, numbering
 * goes on, and the unique key is the new one; down puts the old key back, data and all.
 */
import { Migrator, type Kysely } from "kysely";
import { migrationProvider } from "@/lib/store/migrations";
import type { Database } from "@/lib/store/schema";
import type { ChatStore } from "@/lib/store/types";

const ROOM = "MIGRATEAA";
const FIRST = "0001_rooms_and_messages";
export const OLD_KEY = ["room_code", "author_id", "client_id"];
export const NEW_KEY = ["client_id", "room_code", "author_id"];

const rows = [1, 2].map((seq) => ({
  id: `00000000-0000-7000-8000-00000000000${seq}`,
  room_code: ROOM,
  seq,
  author_id: "author-a",
  author_name: "Ana",
  client_id: `11111111-1111-4111-8111-00000000000${seq}`,
  text: `stored before the migration ${seq}`,
  created_at: `2026-01-01T00:00:0${seq}.000Z`,
}));

async function migrateToFirst(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(FIRST);
  if (error !== undefined) throw error as Error;
}

/** Brings an empty database to the first migration and stores two messages the old way. */
export async function seedAtFirstMigration(db: Kysely<Database>): Promise<void> {
  await migrateToFirst(db);
  await db.insertInto("rooms").values({ code: ROOM, created_at: "2026-01-01T00:00:00.000Z", last_seq: 2 }).execute();
  await db.insertInto("messages").values(rows).execute();
}

/** Runs every migration's down after the first: the database is as the first migration left it. */
export const migrateDownToFirst = migrateToFirst;

/** What a store opened on the seeded database (so migrated to the latest) must show. */
export async function expectSeededMessagesKept(store: ChatStore): Promise<void> {
  const { messages } = await store.listMessagesAfter(ROOM, 0, 10);
  expect(messages.map((message) => [message.seq, message.clientId, message.text])).toEqual(rows.map((row) => [row.seq, row.client_id, row.text]));
  const send = { roomCode: ROOM, authorId: "author-a", authorName: "Ana", text: "again", createdAt: new Date() };
  expect(await store.appendMessage({ ...send, clientId: rows[0]!.client_id })).toMatchObject({ created: false, message: { seq: 1 } });
  expect(await store.appendMessage({ ...send, clientId: "22222222-2222-4222-8222-000000000003" })).toMatchObject({ created: true, message: { seq: 3 } });
}

/** The seeded rows (and the one appended after the migration) are all still there. */
export async function seededRoomSeqs(db: Kysely<Database>): Promise<number[]> {
  const stored = await db.selectFrom("messages").select("seq").where("room_code", "=", ROOM).orderBy("seq").execute();
  return stored.map((row) => Number(row.seq));
}
