/**
 * A write thread for tests (sqlite-store.test.ts): the product's, except that it stops itself at a chosen
 * point of the batch that holds `stopAt.clientId`, before its transaction or after its commit and before
 * its answer, the two ways a thread can die with a batch in flight.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createSqliteBatchWriter, type SyncBatchWriter } from "../../lib/store/sqlite-batch-writer";
import { openSqliteConnection } from "../../lib/store/sqlite-connection";
import { serveWriteRequests } from "../../lib/store/sqlite-write-requests";
import type { WriteThreadData } from "../../lib/store/sqlite-write-thread";

export interface StopAt {
  clientId: string;
  point: "before-commit" | "after-commit";
}

const { stopAt, ...data } = workerData as WriteThreadData & { stopAt: StopAt };
const sqlite = openSqliteConnection(data.file, { ...data.fileOptions, checkpoints: true });
const writeAll = createSqliteBatchWriter(sqlite, data.roomQuotaBytes);

const stopping: SyncBatchWriter = (inputs) => {
  const chosen = inputs.some((input) => input.clientId === stopAt.clientId);
  // In a worker, process.exit() ends this thread at once, without another line of it running.
  if (chosen && stopAt.point === "before-commit") process.exit(1);
  const results = writeAll(inputs);
  if (chosen && stopAt.point === "after-commit") process.exit(1);
  return results;
};

serveWriteRequests(parentPort!, stopping, () => sqlite.close());
