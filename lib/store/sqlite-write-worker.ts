/** The entry of the SQLite write thread (sqlite-write-thread.ts starts it): its one connection, and its loop. */
import { parentPort, workerData } from "node:worker_threads";
import { createSqliteBatchWriter } from "./sqlite-batch-writer";
import { openSqliteConnection } from "./sqlite-connection";
import { serveWriteRequests } from "./sqlite-write-requests";
import type { WriteThreadData } from "./sqlite-write-thread";

if (parentPort === null) throw new Error("sqlite-write-worker must run in a worker thread");
const { file, fileOptions, roomQuotaBytes } = workerData as WriteThreadData;
const sqlite = openSqliteConnection(file, { ...fileOptions, checkpoints: true });
serveWriteRequests(parentPort, createSqliteBatchWriter(sqlite, roomQuotaBytes), () => sqlite.close());
