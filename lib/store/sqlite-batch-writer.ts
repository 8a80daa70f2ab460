/**
 * SQLite's fast path for group commit, run by the write thread (sqlite-write-worker.ts). better-sqlite3
 * is synchronous, so a whole batch of appends runs as one native transaction without an await per
 * statement; and each statement is compiled by Kysely once, at start-up, from the same query builders
 * as the portable path (appendQueries). Profiling the `writes` benchmark showed the per-query promises
 * and per-message query compilation dominating the server's CPU once fsyncs were batched.
 */
import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import type { CompiledQuery, Kysely, Selectable } from "kysely";
import { appendQueries, newMessageRow, textBytes, toMessage } from "./kysely-store";
import type { Database, MessagesTable } from "./schema";
import { ROOM_QUOTA_EXCEEDED, type AppendOutcome, type NewMessage } from "./types";

/**
 * A statement prepared once, and how to fill its parameters: the query is compiled with a unique
 * sentinel for every value that varies, and each sentinel's position tells where that value goes.
 */
function template<K extends string>(sqlite: SqliteDatabase, compiled: CompiledQuery, sentinels: Record<K, string>) {
  const keys = Object.keys(sentinels) as K[];
  const slots = compiled.parameters.map((parameter) => keys.find((key) => sentinels[key] === parameter));
  const statement: Statement = sqlite.prepare(compiled.sql);
  const parameters = (values: Record<K, unknown>) => slots.map((key, i) => (key === undefined ? compiled.parameters[i] : values[key]));
  return { statement, parameters };
}

const sentinel = (name: string) => `\u0000${name}\u0000`;

/** A batch of appends in one transaction (one COMMIT, one fsync), synchronously. */
export type SyncBatchWriter = (inputs: readonly NewMessage[]) => AppendOutcome[];

/** `roomQuotaBytes`: the most message text one room may hold (ROOM_STORAGE_MB). */
export function createSqliteBatchWriter(sqlite: SqliteDatabase, db: Kysely<Database>, roomQuotaBytes: number): SyncBatchWriter {
  const probe: NewMessage = {
    roomCode: sentinel("room"),
    authorId: sentinel("author"),
    authorName: sentinel("name"),
    clientId: sentinel("client"),
    text: sentinel("text"),
    createdAt: new Date(0),
  };
  const row = (input: NewMessage, seq: number) => newMessageRow(input, seq);
  const probeRow = { ...row(probe, 0), id: sentinel("id"), seq: sentinel("seq") as unknown as number, created_at: sentinel("at") };

  const find = template(sqlite, appendQueries.findByClientId(db, probe).compile(), {
    roomCode: probe.roomCode,
    authorId: probe.authorId,
    clientId: probe.clientId,
  });
  const probeCount = { bytes: sentinel("bytes") as unknown as number, at: sentinel("at"), quota: sentinel("quota") as unknown as number };
  const nextSeq = template(sqlite, appendQueries.nextSeq(db, probe.roomCode, probeCount.bytes, probeCount.at, probeCount.quota).compile(), {
    roomCode: probe.roomCode,
    bytes: sentinel("bytes"),
    at: sentinel("at"),
    quota: sentinel("quota"),
  });
  const roomExists = template(sqlite, appendQueries.roomExists(db, probe.roomCode).compile(), { roomCode: probe.roomCode });
  const insert = template(sqlite, appendQueries.insert(db, probeRow).compile(), {
    id: probeRow.id,
    room_code: probeRow.room_code,
    seq: sentinel("seq"),
    author_id: probeRow.author_id,
    author_name: probeRow.author_name,
    client_id: probeRow.client_id,
    text: probeRow.text,
    created_at: probeRow.created_at,
  });

  const appendOne = (input: NewMessage): AppendOutcome => {
    const existing = find.statement.get(...find.parameters(input)) as Selectable<MessagesTable> | undefined;
    if (existing !== undefined) return { message: toMessage(existing), created: false };
    const count = { roomCode: input.roomCode, bytes: textBytes(input.text), at: input.createdAt.toISOString(), quota: roomQuotaBytes };
    const room = nextSeq.statement.get(...nextSeq.parameters(count)) as { last_seq: number } | undefined;
    if (room === undefined) return roomExists.statement.get(...roomExists.parameters(input)) === undefined ? null : ROOM_QUOTA_EXCEEDED;
    const stored = row(input, Number(room.last_seq));
    insert.statement.run(...insert.parameters(stored));
    return { message: toMessage(stored), created: true };
  };

  // In arrival order, so that one sender's messages get increasing seqs; one COMMIT (one fsync) per batch.
  const writeAll = sqlite.transaction((inputs: readonly NewMessage[]) => inputs.map(appendOne));
  return (inputs) => writeAll.immediate(inputs);
}
