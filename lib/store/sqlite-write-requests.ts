/**
 * What the SQLite write thread does with the requests it receives (sqlite-write-worker.ts is its entry):
 * batches that queued up while a commit was running are written together, in the order they were sent,
 * as one transaction (one fsync), and answered in one message.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { SyncBatchWriter } from "./sqlite-batch-writer";
import type { WriteReply, WriteRequest } from "./sqlite-write-thread";
import type { AppendOutcome } from "./types";

/** The request just received, and every other one already waiting behind it. */
function waitingRequests(port: MessagePort, first: WriteRequest): { requests: WriteRequest[]; closing: boolean } {
  const requests = [first];
  for (;;) {
    const next = receiveMessageOnPort(port) as { message: WriteRequest | "close" } | undefined;
    if (next === undefined) return { requests, closing: false };
    if (next.message === "close") return { requests, closing: true };
    requests.push(next.message);
  }
}

/** One request in its own transaction: its results, or its error with SQLite's code (storage-failures.ts reads it). */
function writeAlone(writeAll: SyncBatchWriter, request: WriteRequest): WriteReply {
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
 * others with it (group commit's item-by-item retry would otherwise be joined here again).
 */
function writeTogether(writeAll: SyncBatchWriter, requests: WriteRequest[]): WriteReply[] {
  if (requests.length === 1) return [writeAlone(writeAll, requests[0]!)];
  let results: AppendOutcome[];
  try {
    results = writeAll(requests.flatMap((request) => request.inputs));
  } catch {
    return requests.map((request) => writeAlone(writeAll, request));
  }
  let offset = 0;
  return requests.map((request) => {
    offset += request.inputs.length;
    return { id: request.id, ok: true, results: results.slice(offset - request.inputs.length, offset) };
  });
}

/** Answers the main thread's requests on `port` with `writeAll` until it says "close"; then runs `close`. */
export function serveWriteRequests(port: MessagePort, writeAll: SyncBatchWriter, close: () => void): void {
  const stop = () => {
    close();
    port.close();
  };
  port.on("message", (request: WriteRequest | "close") => {
    if (request === "close") return stop();
    const { requests, closing } = waitingRequests(port, request);
    // One message for all of them: the main thread then answers every sender of the transaction in one
    // turn, and their acks and broadcasts leave together.
    port.postMessage(writeTogether(writeAll, requests) satisfies WriteReply[]);
    if (closing) stop();
  });
  // startSqliteWriteThread waits for this before the server starts listening.
  port.postMessage("ready");
}
