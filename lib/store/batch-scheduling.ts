/**
 * Runs the calling thread under Linux's SCHED_BATCH policy: the same share of the CPU as any other
 * thread, but its wake-ups do not preempt a running thread. Used by the SQLite write thread: a batch
 * handed to it woke it, it took the main thread's core there and then, and the event loop (the one
 * serial stage of the message path) waited for the commit. Under SCHED_BATCH the write thread takes a
 * core when one is free or at the next scheduling tick. Unlike a lower priority (nice), it never lets
 * other work starve it. Measured in the writes benchmark: see docs/performance.md.
 *
 * Node has no binding for sched_setscheduler, so this runs chrt (util-linux, present in Debian and in
 * the app's image) on the thread's own id. Best effort: false where that is not possible (not Linux,
 * no chrt), and the thread keeps the default policy.
 */
import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import path from "node:path";

export function scheduleAsBatch(): boolean {
  try {
    // "<pid>/task/<tid>" for the calling thread.
    const threadId = path.basename(readlinkSync("/proc/thread-self"));
    execFileSync("chrt", ["--batch", "--pid", "0", threadId], { stdio: "ignore", timeout: 2_000 });
    return true;
  } catch {
    return false;
  }
}
