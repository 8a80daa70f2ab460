/**
 * The body of the SQLite write thread (see sqlite-write-thread.ts): one connection that runs each batch
 * of appends as one transaction and posts the results back. Batches that queued up while a commit was
 * running are written together, in the order they were sent, as one transaction (one fsync).
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { openSqliteConnection, preallocateWal, type SqliteFileOptions } from "./sqlite-connection";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import type { WriteReply, WriteRequest } from "./sqlite-write-thread";
import type { AppendOutcome } from "./types";

const port = parentPort;
if (port === null) throw new Error("sqlite-write-worker must run in a worker thread");

const { file, fileOptions, roomQuotaBytes } = workerData as { file: string; fileOptions: SqliteFileOptions; roomQuotaBytes: number };
const sqlite = openSqliteConnection(file, { ...fileOptions, checkpoints: true });
preallocateWal(sqlite, file);
// Kysely only compiles the statements here; they run synchronously on `sqlite`.
const writeAll = createSqliteBatchWriter(sqlite, new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), roomQuotaBytes);

function close(): void {
  sqlite.close();
  port!.close();
}

/** The request just received, and every other one already waiting behind it. */
function waitingRequests(first: WriteRequest): { requests: WriteRequest[]; closing: boolean } {
  const requests = [first];
  for (;;) {
    const next = receiveMessageOnPort(port!) as { message: WriteRequest | "close" } | undefined;
    if (next === undefined) return { requests, closing: false };
    if (next.message === "close") return { requests, closing: true };
    requests.push(next.message);
  }
}

/** One request in its own transaction: its results, or its error. */
function writeAlone(request: WriteRequest): WriteReply {
  try {
    return { id: request.id, ok: true, results: writeAll(request.inputs) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" ? { id: request.id, ok: false, message, code } : { id: request.id, ok: false, message };
  }
}

/**
 * The waiting requests as one transaction. If it fails, it rolled back as a whole, and each request is
 * written again on its own: a request that cannot be written then fails alone instead of taking the
 * others with it (group commit on the main thread retries a failed batch item by item, but those
 * retries would otherwise be joined here again).
 */
function writeTogether(requests: WriteRequest[]): WriteReply[] {
  if (requests.length === 1) return [writeAlone(requests[0]!)];
  let results: AppendOutcome[];
  try {
    results = writeAll(requests.flatMap((request) => request.inputs));
  } catch {
    return requests.map(writeAlone);
  }
  let offset = 0;
  return requests.map((request) => {
    offset += request.inputs.length;
    return { id: request.id, ok: true, results: results.slice(offset - request.inputs.length, offset) };
  });
}

port.on("message", (request: WriteRequest | "close") => {
  if (request === "close") return close();
  const { requests, closing } = waitingRequests(request);
  // One message for all of them: the main thread then answers every sender of the transaction in one
  // turn, and their acks and broadcasts share writes (lib/realtime/coalesce-writes.ts).
  port.postMessage(writeTogether(requests) satisfies WriteReply[]);
  if (closing) close();
});

// openSqliteStore waits for this before the server starts listening.
port.postMessage("ready");
