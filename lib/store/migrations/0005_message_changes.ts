/**
 * Messages that change (issue 17): edits, deletions, replies and reactions.
 *
 * - rooms.last_change: the room's change counter. Every edit, deletion and reaction takes the next
 *   number in the transaction that makes it, the way appends take the next seq, and stamps it on the
 *   message as messages.version (0: never changed). A client resumes the change feed from the highest
 *   number it has seen (changes:since).
 * - messages_changes: a partial index of changed messages by (room_code, version), for that feed.
 *   Partial so that appends, which all have version 0, never write to it.
 * - messages.reply_to: the id of the message answered. What a reply shows of it (seq, author, excerpt)
 *   is read from that message when the reply is read, so an edit or a deletion there never has to
 *   rewrite the replies, and a deleted text cannot survive in a quote.
 * - messages.reactions: the message's reactions as JSON, [{ emoji, by: [{ id, name }] }] in the order
 *   each emoji was first used. They are read with the message on every history page and written with
 *   its version in one row update; a table of their own would cost every page a second query.
 *
 * Existing messages become unchanged messages: version 0, no reply, no reactions.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("rooms")
    .addColumn("last_change", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("messages")
    .addColumn("version", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("messages").addColumn("edited_at", "varchar(32)").execute();
  await db.schema.alterTable("messages").addColumn("deleted_at", "varchar(32)").execute();
  await db.schema.alterTable("messages").addColumn("reply_to", "varchar(64)").execute();
  await db.schema
    .alterTable("messages")
    .addColumn("reactions", "text", (col) => col.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createIndex("messages_changes")
    .on("messages")
    .columns(["room_code", "version"])
    .where(sql.ref("version"), ">", 0)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("messages_changes").execute();
  for (const column of ["reactions", "reply_to", "deleted_at", "edited_at", "version"]) {
    await db.schema.alterTable("messages").dropColumn(column).execute();
  }
  await db.schema.alterTable("rooms").dropColumn("last_change").execute();
}
