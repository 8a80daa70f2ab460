/**
 * Migration 0005 (messages that change) on a database written by the release before it, with messages,
 * the same for every backend: the store opened on it upgrades in place, the old messages read back
 * unchanged (version 0, no edit, no reply, no reactions), and they can then be answered, edited and
 * reacted to, numbered from the room's first change.
 */
import { Migrator, type Kysely } from "kysely";
import { migrationProvider } from "@/lib/store/migrations";
import type { Database } from "@/lib/store/schema";
import type { ChatStore } from "@/lib/store/types";

const ROOM = "UPGRADEAA";
/** The last migration of the release before issue 17. */
const PREVIOUS_RELEASE = "0004_storage_probe";

const rows = [1, 2].map((seq) => ({
  id: `00000000-0000-7000-8000-00000000010${seq}`,
  room_code: ROOM,
  seq,
  author_id: `author-${seq}`,
  author_name: seq === 1 ? "Ana" : "Bob",
  client_id: `11111111-1111-4111-8111-00000000010${seq}`,
  text: `written by the previous release ${seq}`,
  created_at: `2026-01-01T00:00:0${seq}.000Z`,
}));

/** An empty database brought to the previous release's schema, holding a room with two messages. */
export async function seedAtPreviousRelease(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(PREVIOUS_RELEASE);
  if (error !== undefined) throw error as Error;
  // Raw inserts of the columns that schema had: the typed ones name columns it did not have yet.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const bytes = rows.reduce((sum, row) => sum + Buffer.byteLength(row.text), 0);
  await untyped.insertInto("rooms").values({ code: ROOM, created_at: "2026-01-01T00:00:00.000Z", last_seq: 2, bytes, last_active_at: rows[1]!.created_at, names: 2 }).execute();
  await untyped.insertInto("messages").values(rows).execute();
}

/** What a store opened on the seeded database (so upgraded) must show and allow. */
export async function expectUpgradedInPlace(store: ChatStore): Promise<void> {
  const { messages } = await store.listMessages(ROOM, { limit: 10 });
  expect(messages.map((m) => [m.id, m.seq, m.author.name, m.text, m.createdAt])).toEqual(rows.map((r) => [r.id, r.seq, r.author_name, r.text, r.created_at]));
  for (const message of messages) expect(message).toMatchObject({ version: 0, editedAt: null, deletedAt: null, replyTo: null, reactions: [] });
  expect(await store.lastChange(ROOM)).toBe(0);
  expect(await store.listChangesAfter(ROOM, 0, 10)).toEqual({ messages: [], hasMore: false });

  const at = new Date("2026-03-01T00:00:00.000Z");
  const edited = await store.changeMessage({ kind: "edit", roomCode: ROOM, messageId: rows[0]!.id, memberId: "author-1", text: "edited after the upgrade", at });
  expect(edited).toMatchObject({ changed: true, message: { version: 1, seq: 1, text: "edited after the upgrade" } });
  const reacted = await store.changeMessage({ kind: "react", roomCode: ROOM, messageId: rows[1]!.id, memberId: "author-1", name: "Ana", emoji: "👍", add: true, at });
  expect(reacted).toMatchObject({ message: { version: 2, reactions: [{ emoji: "👍", names: ["Ana"] }] } });
  const reply = await store.appendMessage({ roomCode: ROOM, authorId: "author-2", authorName: "Bob", clientId: "22222222-2222-4222-8222-000000000103", text: "a reply", createdAt: at, replyTo: rows[0]!.id });
  expect(reply).toMatchObject({ created: true, message: { seq: 3, replyTo: { id: rows[0]!.id, seq: 1, excerpt: "edited after the upgrade" } } });
}
