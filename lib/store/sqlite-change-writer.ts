/**
 * SQLite's edits, deletions and reactions, on the store's writing connection (sqlite.ts), like its
 * appends (sqlite-batch-writer.ts): a batch is one native transaction, each statement prepared once.
 * What a change does is decided by message-changes.ts, shared with PostgreSQL.
 */
import type { Database as SqliteDatabase } from "better-sqlite3";
import { decideChange, type ChangeInput } from "./message-changes";
import { toMessage, type MessageReadRow } from "./message-rows";
import { READ } from "./sqlite-batch-writer";
import type { MessageChangeOutcome } from "./types";

const FIND_ONE = `${READ} where m.id = ?`;
/**
 * The room's change counter, taken inside the transaction like last_seq for appends, so changes are
 * numbered in commit order without gaps. A change that adds bytes (a longer edit, a reaction) is held
 * to the room's quota in the same statement; it changes no row when the room is full.
 */
const NEXT_CHANGE = `update rooms set last_change = last_change + 1, bytes = bytes + @bytes
  where code = @roomCode and (@bytes <= 0 or bytes + @bytes <= @quota) returning last_change`;
const APPLY_CHANGE = `update messages set text = @text, edited_at = @edited_at, deleted_at = @deleted_at, reactions = @reactions, version = @version
  where id = @id`;

/** A batch of changes in one transaction, synchronously; one outcome per change. */
export type SyncChangeWriter = (changes: readonly ChangeInput[]) => MessageChangeOutcome[];

/** `roomQuotaBytes`: the most one room may store (ROOM_STORAGE_MB), as for appends. */
export function createSqliteChangeWriter(sqlite: SqliteDatabase, roomQuotaBytes: number): SyncChangeWriter {
  const findOne = sqlite.prepare<[string], MessageReadRow>(FIND_ONE);
  const nextChange = sqlite.prepare<[{ roomCode: string; bytes: number; quota: number }], { last_change: number }>(NEXT_CHANGE);
  const applyChange = sqlite.prepare<[Record<string, unknown>]>(APPLY_CHANGE);

  const changeOne = (change: ChangeInput): MessageChangeOutcome => {
    const row = findOne.get(change.messageId);
    const decision = decideChange(row, change);
    if (decision.kind === "refused") return decision.reason;
    // decideChange refuses a message it was not given: from here on the row exists.
    if (decision.kind === "unchanged") return { message: toMessage(row!), changed: false, bytesDelta: 0 };
    const counted = nextChange.get({ roomCode: change.roomCode, bytes: decision.bytesDelta, quota: roomQuotaBytes });
    if (counted === undefined) return "quota_exceeded";
    const next = { ...row!, ...decision.set, version: counted.last_change };
    applyChange.run({ ...decision.set, version: next.version, id: change.messageId });
    return { message: toMessage(next), changed: true, bytesDelta: decision.bytesDelta };
  };

  const writeAll = sqlite.transaction((changes: readonly ChangeInput[]) => changes.map(changeOne));
  return (changes) => writeAll.immediate(changes);
}
