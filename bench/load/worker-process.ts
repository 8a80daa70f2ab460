/** One load-generating child process, seen from the parent: what it reported, and a way to tell it things. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { track } from "../processes";
import type { ParentMessage, WorkerMessage } from "./messages";

type ReportType = Exclude<WorkerMessage["type"], "error">;
type ReportOf<T extends ReportType> = Extract<WorkerMessage, { type: T }> extends { report: infer R } ? R : never;

export interface Worker {
  child: ChildProcess;
  /** The next report of that type from the worker; rejects if the worker fails or exits instead. */
  next<T extends ReportType>(type: T): Promise<ReportOf<T>>;
  tell(message: ParentMessage): void;
}

/** Forks bench/load-worker.ts under tsx; the parent talks to it over IPC (messages.ts). */
export function forkWorker(): Worker {
  const child = track(fork(path.join(__dirname, "..", "load-worker.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const inbox: WorkerMessage[] = [];
  const waiting: Array<() => void> = [];
  child.on("message", (message: WorkerMessage) => {
    inbox.push(message);
    waiting.splice(0).forEach((wake) => wake());
  });
  child.once("exit", () => waiting.splice(0).forEach((wake) => wake()));
  const next = async <T extends ReportType>(type: T): Promise<ReportOf<T>> => {
    for (;;) {
      const message = inbox.shift();
      if (message?.type === "error") throw new Error(`load worker failed: ${message.message}`);
      if (message?.type === type) return message.report as ReportOf<T>;
      if (message === undefined && child.exitCode !== null) throw new Error(`load worker exited with ${child.exitCode}`);
      if (message === undefined) await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return { child, next, tell: (message) => child.send(message) };
}
