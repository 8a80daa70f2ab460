/**
 * The parent's side of the `changes` load: forks the workers (bench/changes-worker.ts), deals the
 * members out as the message scenarios do (driver.ts#place), and runs the phases in lock-step:
 * connect, seed messages, then rounds of changes, each followed by a drain of the message:updated
 * deliveries the acked changes owe and, given the server's messages, a check of every member's view.
 */
import type { Message } from "../../lib/protocol";
import { mergeHistograms, type Histogram } from "../histogram";
import { exitsWithin, stopChild } from "../processes";
import type { ChangeParentMessage, ChangeStopReport, ChangeWorkerMessage, SeedReport, VerifyReport } from "./change-messages";
import { place, sumCounts, type ConnectSummary, type LoadHooks } from "./driver";
import type { MemberSpec } from "./messages";
import { forkWorker } from "./worker-process";

const SETTLE_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 10_000;

export interface ChangeRound {
  /** Over every round so far. */
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  expected: number;
  received: number;
  ackLatency: Histogram;
  stillConnected: number;
  /** This round's window. */
  windowMs: number;
  windowAcked: number;
  windowReceived: number;
  /** Each worker's CPU time during the window as a share of one core, and all workers' CPU seconds. */
  generatorCpu: number[];
  generatorCpuS: number;
}

export interface ChangeLoad {
  connect(members: readonly MemberSpec[]): Promise<ConnectSummary>;
  /** Every member sends its messages; resolves once each member has seen all of its room's. */
  seed(): Promise<SeedReport & { settled: number }>;
  round(durationMs: number, hooks: LoadHooks): Promise<ChangeRound>;
  /** Every member's view and acked changes against the server's messages, by room. */
  verify(truth: Record<string, Message[]>): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** Each acked change is one message:updated to every member of its room that the worker holds. */
function owed(ackedByRoom: Record<string, number>, report: ChangeStopReport): number {
  return Object.entries(report.membersByRoom).reduce((sum, [room, count]) => sum + (ackedByRoom[room] ?? 0) * count, 0);
}

export function createChangeLoad(urls: readonly string[], workerCount: number, shape: { seedPerMember: number; window: number }, concurrency = 100): ChangeLoad {
  const workers = Array.from({ length: Math.max(1, workerCount) }, () => forkWorker<ChangeParentMessage, ChangeWorkerMessage>("changes-worker.ts"));
  const all = <T>(ask: (worker: (typeof workers)[number], w: number) => Promise<T>) => Promise.all(workers.map(ask));
  return {
    async connect(members) {
      await all((worker) => worker.next("ready"));
      const started = Date.now();
      const plans = place(members, urls.length, workers.length);
      workers.forEach((worker, w) => worker.tell({ type: "plan", plan: { urls: [...urls], members: plans[w] ?? [], concurrency, ...shape } }));
      const reports = await all((worker) => worker.next("connected"));
      const elapsedMs = Date.now() - started;
      return {
        connected: reports.reduce((sum, r) => sum + r.connected, 0),
        errors: sumCounts(reports.map((r) => r.errors)),
        elapsedMs,
        generatorCpu: Math.max(...reports.map((r) => r.cpuMs / Math.max(1, elapsedMs))),
        generatorCpuS: reports.reduce((sum, r) => sum + r.cpuMs, 0) / 1000,
      };
    },
    async seed() {
      workers.forEach((worker) => worker.tell({ type: "seed" }));
      const reports = await all((worker) => worker.next("seeded"));
      const messagesByRoom = sumCounts(reports.map((r) => r.ackedByRoom));
      workers.forEach((worker) => worker.tell({ type: "settle", messagesByRoom, timeoutMs: SETTLE_TIMEOUT_MS }));
      const settled = await all((worker) => worker.next("settled"));
      const total = (pick: (r: SeedReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0);
      return { sent: total((r) => r.sent), acked: total((r) => r.acked), ackedByRoom: messagesByRoom, settled: settled.reduce((sum, r) => sum + r.complete, 0) };
    },
    async round(durationMs, hooks) {
      hooks.onStart();
      workers.forEach((worker) => worker.tell({ type: "start", durationMs }));
      const windowEnd = new Promise<void>((resolve) => setTimeout(() => resolve(hooks.onWindowEnd()), durationMs));
      const [stops] = await Promise.all([all((worker) => worker.next("stopped")), windowEnd]);
      const ackedByRoom = sumCounts(stops.map((r) => r.ackedByRoom));
      const expected = stops.map((report) => owed(ackedByRoom, report));
      workers.forEach((worker, w) => worker.tell({ type: "drain", expected: expected[w] ?? 0, timeoutMs: DRAIN_TIMEOUT_MS }));
      const results = await all((worker) => worker.next("result"));
      const total = (pick: (r: ChangeStopReport) => number) => stops.reduce((sum, r) => sum + pick(r), 0);
      return {
        sent: total((r) => r.sent),
        acked: total((r) => r.acked),
        ackErrors: sumCounts(stops.map((r) => r.ackErrors)),
        expected: expected.reduce((sum, n) => sum + n, 0),
        received: results.reduce((sum, r) => sum + r.received, 0),
        ackLatency: mergeHistograms(stops.map((r) => r.ackLatency)),
        stillConnected: total((r) => r.stillConnected),
        windowMs: Math.max(...stops.map((r) => r.windowMs)),
        windowAcked: total((r) => r.windowAcked),
        windowReceived: total((r) => r.windowReceived),
        generatorCpu: stops.map((r) => r.cpuMs / r.windowMs),
        generatorCpuS: total((r) => r.cpuMs) / 1000,
      };
    },
    async verify(truth) {
      workers.forEach((worker) => worker.tell({ type: "verify", truth }));
      const reports = await all((worker) => worker.next("verified"));
      const sum = (key: Exclude<keyof VerifyReport, "examples">) => reports.reduce((total, r) => total + r[key], 0);
      return {
        clients: sum("clients"),
        converged: sum("converged"),
        stale: sum("stale"),
        missing: sum("missing"),
        extra: sum("extra"),
        checked: sum("checked"),
        lost: sum("lost"),
        outOfOrder: sum("outOfOrder"),
        examples: reports.flatMap((r) => r.examples).slice(0, 3),
      };
    },
    async close() {
      for (const worker of workers) if (worker.child.connected) worker.tell({ type: "close" });
      await Promise.all(
        workers.map(async ({ child }) => {
          if (!(await exitsWithin(child, 3_000))) await stopChild(child, "SIGKILL");
        }),
      );
    },
  };
}
