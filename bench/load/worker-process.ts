/** One load-generating child process, seen from the parent: what it reported, and a way to tell it things. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { track } from "../processes";
import type { ParentMessage, WorkerMessage } from "./messages";

/** What any worker reports: a typed report, or a failure. */
type Envelope = { type: string; report: unknown } | { type: "error"; message: string };
type ReportType<M extends Envelope> = Exclude<M["type"], "error">;
type ReportOf<M extends Envelope, T> = Extract<M, { type: T }> extends { report: infer R } ? R : never;

export interface Worker<P = ParentMessage, M extends Envelope = WorkerMessage> {
  child: ChildProcess;
  /** The next report of that type from the worker; rejects if the worker fails or exits instead. */
  next<T extends ReportType<M>>(type: T): Promise<ReportOf<M, T>>;
  tell(message: P): void;
}

/**
 * Forks a worker script of bench/ under tsx (bench/load-worker.ts by default, whose messages are in
 * messages.ts); the parent talks to it over IPC.
 */
export function forkWorker<P = ParentMessage, M extends Envelope = WorkerMessage>(script = "load-worker.ts"): Worker<P, M> {
  const child = track(fork(path.join(__dirname, "..", script), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const inbox: M[] = [];
  const waiting: Array<() => void> = [];
  child.on("message", (message: M) => {
    inbox.push(message);
    waiting.splice(0).forEach((wake) => wake());
  });
  child.once("exit", () => waiting.splice(0).forEach((wake) => wake()));
  const next = async <T extends ReportType<M>>(type: T): Promise<ReportOf<M, T>> => {
    for (;;) {
      const message = inbox.shift();
      if (message !== undefined && "message" in message) throw new Error(`load worker failed: ${message.message}`);
      if (message?.type === type) return message.report as ReportOf<M, T>;
      if (message === undefined && child.exitCode !== null) throw new Error(`load worker exited with ${child.exitCode}`);
      if (message === undefined) await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return { child, next, tell: (message) => child.send(message as object) };
}
