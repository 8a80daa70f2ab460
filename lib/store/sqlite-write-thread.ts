/**
 * SQLite's appends run on a thread of their own. better-sqlite3 is synchronous: on the main thread every
 * group commit's COMMIT (writing the WAL, then fsync) would stop the event loop, so that no socket is
 * read or written meanwhile. On this thread the commit overlaps the main thread's work, and the next
 * batches gather while one is written (sqlite.ts lets group commit hand over two at a time). Reads stay
 * on the main thread's connection: WAL lets them run during a write. WAL checkpoints run here too,
 * after the commit that crosses CHECKPOINT_PAGES, so their copy and fsync never stop the event loop.
 *
 * Kept on measurement (issue 16, docs/performance.md): one of this thread and the WAL's preallocation
 * is needed for the writes target, and of the two this one also keeps fsyncs and checkpoints off the
 * event loop, where the preallocation wrote 45 MB of zeros at every start.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BatchWriter } from "./kysely-store";
import type { SqliteFileOptions } from "./sqlite-connection";
import type { AppendOutcome, NewMessage } from "./types";

export interface WriteRequest {
  id: number;
  inputs: readonly NewMessage[];
}
/** A failure carries SQLite's error code (SQLITE_FULL, ...) as well: storage-failures.ts reads it. */
export type WriteReply = { id: number; ok: true; results: AppendOutcome[] } | { id: number; ok: false; message: string; code?: string };

/** What a write thread is started with (its workerData). */
export interface WriteThreadData {
  file: string;
  fileOptions: SqliteFileOptions;
  /** The most message text one room may hold (ROOM_STORAGE_MB). */
  roomQuotaBytes: number;
}

/** Starts one write thread. The product's is startWriteWorker; a test may pass its own entry. */
export type StartWriteWorker = (data: WriteThreadData) => Worker;

/**
 * The worker's entries are beside this module and in its language: compiled JavaScript in a build
 * (dist/), TypeScript when the server runs from source (development through tsx, Jest).
 */
const SOURCE_EXTENSION = path.extname(__filename);

/**
 * Starts the worker whose entry is `entry` (without its extension). A worker does not inherit its
 * parent's loader, so a TypeScript entry gets tsx's CommonJS hook through its own execArgv
 * (https://tsx.is/dev-api/node-cli); Node 20 does not apply `--import` hooks in a worker's execArgv.
 * tsx is a devDependency: a build never takes that branch.
 */
export function startWorkerAt<Data extends WriteThreadData>(entry: string, workerData: Data): Worker {
  const file = `${entry}${SOURCE_EXTENSION}`;
  return new Worker(file, SOURCE_EXTENSION === ".ts" ? { workerData, execArgv: ["--require", "tsx/cjs"] } : { workerData });
}

export const startWriteWorker: StartWriteWorker = (data) => startWorkerAt(path.join(__dirname, "sqlite-write-worker"), data);

export interface WriteThread {
  writeBatch: BatchWriter;
  close(): Promise<void>;
}

/**
 * Starts the write thread and resolves once it has opened the database and prepared its statements, so
 * that the first batch does not wait for that. A thread that stops (it crashed, or was stopped) fails
 * what it had in flight, and the next write starts a new one.
 */
export async function startSqliteWriteThread(data: WriteThreadData, start: StartWriteWorker = startWriteWorker): Promise<WriteThread> {
  const pending = new Map<number, { resolve: (results: AppendOutcome[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let closed = false;

  const failAll = (error: Error) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  const answer = (replies: WriteReply[] | "ready") => {
    if (replies === "ready") return;
    for (const reply of replies) {
      const entry = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) entry?.resolve(reply.results);
      else entry?.reject(Object.assign(new Error(reply.message), reply.code === undefined ? {} : { code: reply.code }));
    }
  };
  const current = (): Worker => {
    if (worker !== undefined) return worker;
    const started = start(data);
    started.on("message", answer);
    started.on("error", (error) => failAll(error instanceof Error ? error : new Error(String(error))));
    started.on("exit", () => {
      worker = undefined;
      failAll(new Error("The database write thread stopped"));
    });
    worker = started;
    return started;
  };

  const first = current();
  await new Promise<void>((resolve, reject) => {
    first.once("error", reject);
    first.once("message", (message) => (message === "ready" ? resolve() : reject(new Error("The write thread did not start"))));
  });

  return {
    writeBatch(inputs) {
      if (closed) return Promise.reject(new Error("The store is closed"));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        current().postMessage({ id, inputs } satisfies WriteRequest);
      });
    },
    async close() {
      closed = true;
      const running = worker;
      if (running === undefined) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.postMessage("close");
      await exited;
    },
  };
}
