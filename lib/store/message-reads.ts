/** How every read selects messages: with what each shows of the message it answers (message-rows.ts#toMessage). */
import type { Kysely } from "kysely";
import type { Database } from "./schema";

export function selectMessages(db: Kysely<Database>) {
  return db
    .selectFrom("messages as m")
    .leftJoin("messages as r", "r.id", "m.reply_to")
    .selectAll("m")
    .select(["r.seq as reply_seq", "r.author_id as reply_author_id", "r.author_name as reply_author_name", "r.text as reply_text"]);
}
