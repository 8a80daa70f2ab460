/**
 * SQLite's writes run on a thread of their own. better-sqlite3 is synchronous, so on the main thread
 * every group commit's COMMIT (writing the WAL, then fsync) stopped the event loop: no socket was read
 * or written meanwhile. Profiling the `writes` benchmark put a fifth of the server's time there. On this
 * thread the commit overlaps the main thread's work, and the next batches gather while one is written
 * (sqlite.ts lets group commit hand over two at a time). Reads stay on the main thread's connection:
 * WAL lets them run during a write.
 */
import { existsSync } from "node:fs";
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

interface Pending {
  resolve: (results: AppendOutcome[]) => void;
  reject: (error: Error) => void;
}

/**
 * The worker runs compiled JavaScript in a build (dist/). In development and in Jest this module is
 * TypeScript, and a worker does not inherit the parent's loader, so the bootstrap registers tsx (a dev
 * dependency) in the worker first. The entry is given as code (eval) rather than as a path so that
 * Turbopack does not try to bundle it: next build sees this module through lib/services.ts, but only
 * server.ts (compiled by tsc) opens the store.
 */
function startWorker(file: string, fileOptions: SqliteFileOptions, roomQuotaBytes: number): Worker {
  const compiled = path.join(__dirname, "sqlite-write-worker.js");
  const entry = existsSync(compiled) ? compiled : path.join(__dirname, "sqlite-write-worker.ts");
  const loader = entry === compiled ? "" : 'require("tsx/cjs/api").register();';
  return new Worker(`${loader} require(${JSON.stringify(entry)});`, { eval: true, workerData: { file, fileOptions, roomQuotaBytes } });
}

/**
 * Starts the write thread and resolves once it has opened the database and prepared its statements:
 * started lazily, its first batch waited for that (a few hundred ms), which showed as the p99 of the
 * benchmark's rooms scenario.
 */
export interface WriteThreadOptions extends SqliteFileOptions {
  /** The most message text one room may hold (ROOM_STORAGE_MB). */
  roomQuotaBytes: number;
  /** Called with every thread started, the first and any restarted one (tests stop it to see a restart). */
  onStart?: (worker: Worker) => void;
}

export async function startSqliteWriteThread(file: string, options: WriteThreadOptions): Promise<{ writeBatch: BatchWriter; close(): Promise<void> }> {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | undefined;
  let closed = false;

  const failAll = (error: Error) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  // Started now, and again on the next write after a crash, so one failure does not stop every later write.
  const current = (): Worker => {
    if (worker !== undefined) return worker;
    const started = startWorker(file, { maxBytes: options.maxBytes }, options.roomQuotaBytes);
    started.on("message", (replies: WriteReply[] | "ready") => {
      if (replies === "ready") return;
      for (const reply of replies) {
        const entry = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.ok) entry?.resolve(reply.results);
        else entry?.reject(Object.assign(new Error(reply.message), reply.code === undefined ? {} : { code: reply.code }));
      }
    });
    started.on("error", (error) => failAll(error instanceof Error ? error : new Error(String(error))));
    started.on("exit", () => {
      worker = undefined;
      failAll(new Error("The database write thread stopped"));
    });
    worker = started;
    options.onStart?.(started);
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
