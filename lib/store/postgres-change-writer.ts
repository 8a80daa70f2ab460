/**
 * PostgreSQL's path for changes to messages (edits, deletions, reactions), for several instances at
 * once. A batch is one transaction: it locks its rooms the way appends do (postgres-batch-writer.ts,
 * in code order), so changes to one room, from any instance, are numbered in the order they commit and
 * two concurrent changes to one message leave the later one's state. Then each change reads its
 * message, asks decideChange (message-changes.ts) what to do, and writes it under the next number.
 */
import type { Kysely, Transaction } from "kysely";
import type { ChangeWriter } from "./kysely-store";
import { decideChange, type ChangeInput } from "./message-changes";
import { selectMessages } from "./message-reads";
import { toMessage } from "./message-rows";
import { lockRooms, withRetry, type RoomCount } from "./postgres-batch-writer";
import type { Database } from "./schema";
import type { MessageChangeOutcome } from "./types";

type Trx = Transaction<Database>;

export function createPostgresChangeWriter(db: Kysely<Database>, roomQuotaBytes: number): ChangeWriter {
  return (changes) => withRetry(() => db.transaction().execute((trx) => writeChanges(trx, changes, roomQuotaBytes)));
}

async function writeChanges(trx: Trx, changes: readonly ChangeInput[], roomQuotaBytes: number): Promise<MessageChangeOutcome[]> {
  const rooms = await lockRooms(trx, changes.map((change) => change.roomCode));
  const outcomes: MessageChangeOutcome[] = [];
  // One after another: a later change to the same message reads what the earlier one wrote.
  for (const change of changes) outcomes.push(await changeOne(trx, change, rooms, roomQuotaBytes));
  for (const code of new Set(changes.map((change) => change.roomCode))) {
    const room = rooms.get(code);
    if (room !== undefined) await trx.updateTable("rooms").set({ last_change: room.lastChange, bytes: room.bytes }).where("code", "=", code).execute();
  }
  return outcomes;
}

async function changeOne(trx: Trx, change: ChangeInput, rooms: Map<string, RoomCount>, roomQuotaBytes: number): Promise<MessageChangeOutcome> {
  const row = await selectMessages(trx).where("m.id", "=", change.messageId).executeTakeFirst();
  const decision = decideChange(row, change);
  if (decision.kind === "refused") return decision.reason;
  // decideChange refuses a message it was not given, or one of another room: the row and its room exist.
  if (decision.kind === "unchanged") return { message: toMessage(row!), changed: false, bytesDelta: 0 };
  const room = rooms.get(change.roomCode)!;
  if (decision.bytesDelta > 0 && room.bytes + decision.bytesDelta > roomQuotaBytes) return "quota_exceeded";
  room.lastChange += 1;
  room.bytes += decision.bytesDelta;
  await trx
    .updateTable("messages")
    .set({ ...decision.set, version: room.lastChange })
    .where("id", "=", change.messageId)
    .execute();
  return { message: toMessage({ ...row!, ...decision.set, version: room.lastChange }), changed: true, bytesDelta: decision.bytesDelta };
}
