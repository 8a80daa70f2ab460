/**
 * The body of the SQLite write thread (see sqlite-write-thread.ts): one connection that runs each batch
 * of appends as one transaction and posts the results back. Batches that queued up while a commit was
 * running are written together, in the order they were sent, as one transaction (one fsync).
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { openSqliteConnection } from "./sqlite-connection";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import type { WriteReply, WriteRequest } from "./sqlite-write-thread";

const port = parentPort;
if (port === null) throw new Error("sqlite-write-worker must run in a worker thread");

const sqlite = openSqliteConnection((workerData as { file: string }).file, { checkpoints: true });
// Kysely only compiles the statements here; they run synchronously on `sqlite`.
const writeAll = createSqliteBatchWriter(sqlite, new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));

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

function reply(requests: WriteRequest[]): void {
  try {
    const results = writeAll(requests.flatMap((request) => request.inputs));
    let offset = 0;
    for (const request of requests) {
      port!.postMessage({ id: request.id, ok: true, results: results.slice(offset, offset + request.inputs.length) } satisfies WriteReply);
      offset += request.inputs.length;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const request of requests) port!.postMessage({ id: request.id, ok: false, message } satisfies WriteReply);
  }
}

port.on("message", (request: WriteRequest | "close") => {
  if (request === "close") return close();
  const { requests, closing } = waitingRequests(request);
  reply(requests);
  if (closing) close();
});

// openSqliteStore waits for this before the server starts listening.
port.postMessage("ready");
