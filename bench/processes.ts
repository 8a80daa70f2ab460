/**
 * Every process and temporary directory the benchmark creates is registered here, so that it is
 * removed on the way out: at the normal end, on an error, and on SIGINT/SIGTERM. Processes are
 * killed by their own pid, never by name.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const children = new Set<ChildProcess>();
const directories = new Set<string>();
/** Things that are not our children: a PostgreSQL cluster that pg_ctl started in the background. */
const stoppers = new Set<() => void>();

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** True if the child exits (or has exited) within `ms`. */
export function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Resolves once the child has exited; SIGKILLs it if `signal` did not stop it in time. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 8_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Registers a synchronous `stop` to run on the way out if nobody ran it before; call the result once
 * it has run (or is no longer needed).
 */
export function onCleanup(stop: () => void): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `roomchat-bench-${prefix}-`));
  directories.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  directories.delete(dir);
}

/** Synchronous, so that it also works from process.on("exit"). */
export function cleanUpEverything(): void {
  for (const child of children) {
    if (isRunning(child) && child.pid !== undefined) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
  children.clear();
  for (const stop of stoppers) {
    try {
      stop();
    } catch (error) {
      process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  stoppers.clear();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  directories.clear();
}

export function installCleanup(): void {
  process.on("exit", cleanUpEverything);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping every process the benchmark started.\n`);
      cleanUpEverything();
      process.exit(130);
    });
  }
}
