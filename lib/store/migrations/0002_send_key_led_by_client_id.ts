/**
 * The unique key that makes a send idempotent becomes (client_id, room_code, author_id) instead of
 * (room_code, author_id, client_id). Same uniqueness, same lookups (all three columns by equality),
 * but the index is now ordered by the client's id first. Clients make that id time-ordered (UUID v7),
 * so the entries of a group commit land together at the end of the index: one page per commit, where
 * ordering by room put each message on its room's own leaf page. In the writes benchmark that halved
 * the bytes SQLite wrote to the WAL per message (docs/performance.md).
 *
 * PostgreSQL swaps the constraint. SQLite cannot drop a constraint declared with its table, so it
 * rebuilds the table the way SQLite documents (https://www.sqlite.org/lang_altertable.html#otheralter),
 * in one transaction: nothing references `messages`, so there is nothing else to rebuild.
 */
import { SqliteAdapter, type Kysely } from "kysely";
import { createMessagesTable, FIRST_SEND_KEY as OLD_KEY, type SendKey } from "./0001_rooms_and_messages";

const NEW_KEY: SendKey = { name: "messages_client_room_author", columns: ["client_id", "room_code", "author_id"] };

const COLUMNS = ["id", "room_code", "seq", "author_id", "author_name", "client_id", "text", "created_at"] as const;
type Untyped = Kysely<Record<string, Record<(typeof COLUMNS)[number], unknown>>>;

async function rebuildSqliteTable(db: Kysely<unknown>, key: SendKey): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await createMessagesTable(trx, "messages_rebuilt", key);
    await (trx as Untyped)
      .insertInto("messages_rebuilt")
      .columns([...COLUMNS])
      .expression((eb) => eb.selectFrom("messages").select([...COLUMNS]))
      .execute();
    await trx.schema.dropTable("messages").execute();
    await trx.schema.alterTable("messages_rebuilt").renameTo("messages").execute();
  });
}

async function changeKey(db: Kysely<unknown>, from: SendKey, to: SendKey): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return rebuildSqliteTable(db, to);
  await db.schema.alterTable("messages").dropConstraint(from.name).execute();
  await db.schema.alterTable("messages").addUniqueConstraint(to.name, to.columns).execute();
}

export const up = (db: Kysely<unknown>) => changeKey(db, OLD_KEY, NEW_KEY);
export const down = (db: Kysely<unknown>) => changeKey(db, NEW_KEY, OLD_KEY);
