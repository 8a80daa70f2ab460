/**
 * The body of the SQLite write thread (see sqlite-write-thread.ts): one connection that runs each batch
 * of appends as one transaction and posts the results back.
 */
import { parentPort, workerData } from "node:worker_threads";
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

port.on("message", (request: WriteRequest | "close") => {
  if (request === "close") {
    sqlite.close();
    port.close();
    return;
  }
  let reply: WriteReply;
  try {
    reply = { id: request.id, ok: true, results: writeAll(request.inputs) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

// openSqliteStore waits for this before the server starts listening.
port.postMessage("ready");
