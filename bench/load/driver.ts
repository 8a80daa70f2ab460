/**
 * The parent's side of the load generator: forks the workers, deals the members out to them, and
 * runs the phases in lock-step: connect, send for a fixed time, then drain (wait for every delivery
 * the acknowledged messages owe, or a timeout, which is then loss).
 */
import { mergeHistograms, type Histogram } from "../histogram";
import { exitsWithin, stopChild } from "../processes";
import type { ConnectReport, MemberSpec, PlacedMember, ResultReport, SendMode, StopReport } from "./messages";
import { forkWorker } from "./worker-process";

const DRAIN_TIMEOUT_MS = 10_000;

export interface ConnectSummary {
  connected: number;
  errors: Record<string, number>;
  /** From the first handshake to the last snapshot, over all workers. */
  elapsedMs: number;
  /** The busiest worker's CPU time while connecting, as a share of one core. */
  generatorCpu: number;
  /** All workers' CPU seconds while connecting. */
  generatorCpuS: number;
}

/**
 * What one round of traffic gave. The counts and the histograms add up over the rounds (the workers
 * keep them), so the last round's are the whole run's; the window's figures are the round's own.
 */
export interface TrafficSummary {
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  expected: number;
  received: number;
  windowMs: number;
  windowAcked: number;
  windowReceived: number;
  latency: Histogram;
  /** The receipts of messages sent through the receiver's own process, and through another one. */
  sameInstance: Histogram;
  crossInstance: Histogram;
  /** Each worker's CPU time during the window as a share of one core (1 = a full core). */
  generatorCpu: number[];
  /** All workers' CPU seconds during the window. */
  generatorCpuS: number;
  /** Members still connected when the window closed. */
  stillConnected: number;
  /** Typing notices (rate mode): sent, owed to the rest of each room, received, and sent back to their typist. */
  typing: { sent: number; expected: number; received: number; echoed: number };
}

export interface LoadHooks {
  onStart(): void;
  onWindowEnd(): void;
}

export function sumCounts(parts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of parts) for (const [key, count] of Object.entries(part)) total[key] = (total[key] ?? 0) + count;
  return total;
}

/** What the acked messages owe a worker: each one, once to every member of its room that the worker holds. */
function expectedDeliveries(ackedByRoom: Record<string, number>, report: StopReport): number {
  return Object.entries(report.membersByRoom).reduce((sum, [room, count]) => sum + (ackedByRoom[room] ?? 0) * count, 0);
}

/**
 * What the typing notices owe a worker: each one, once to every member of its room that the worker
 * holds, except its typist (when that is one of the worker's own members).
 */
function expectedTyping(sentByRoom: Record<string, number>, report: StopReport): number {
  const owed = Object.entries(report.membersByRoom).reduce((sum, [room, count]) => sum + (sentByRoom[room] ?? 0) * count, 0);
  return owed - Object.values(report.typingSentByRoom ?? {}).reduce((sum, n) => sum + n, 0);
}

function summarise(stops: StopReport[], results: ResultReport[], expected: { messages: number; typing: number }): TrafficSummary {
  const total = (pick: (report: StopReport) => number) => stops.reduce((sum, report) => sum + pick(report), 0);
  return {
    sent: total((r) => r.sent),
    acked: total((r) => r.acked),
    ackErrors: sumCounts(stops.map((r) => r.ackErrors)),
    expected: expected.messages,
    received: results.reduce((sum, r) => sum + r.received, 0),
    windowMs: Math.max(...stops.map((r) => r.windowMs)),
    windowAcked: total((r) => r.windowAcked),
    windowReceived: total((r) => r.windowReceived),
    latency: mergeHistograms(results.map((r) => r.latency)),
    sameInstance: mergeHistograms(results.map((r) => r.sameInstance)),
    crossInstance: mergeHistograms(results.map((r) => r.crossInstance)),
    generatorCpu: stops.map((r) => r.cpuMs / r.windowMs),
    generatorCpuS: total((r) => r.cpuMs) / 1000,
    stillConnected: total((r) => r.stillConnected),
    typing: {
      sent: total((r) => Object.values(r.typingSentByRoom ?? {}).reduce((sum, n) => sum + n, 0)),
      expected: expected.typing,
      received: results.reduce((sum, r) => sum + r.typingReceived, 0),
      echoed: results.reduce((sum, r) => sum + r.typingEchoed, 0),
    },
  };
}

/** The rounds of one run as one: the last round's counts and histograms, the windows added up. */
export function mergeRounds(rounds: readonly TrafficSummary[]): TrafficSummary {
  const last = rounds.at(-1);
  if (last === undefined) throw new Error("no round to merge");
  const sum = (pick: (round: TrafficSummary) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  const windowMs = sum((round) => round.windowMs);
  return {
    ...last,
    windowMs,
    windowAcked: sum((round) => round.windowAcked),
    windowReceived: sum((round) => round.windowReceived),
    // Each worker's share of a core over all the windows together.
    generatorCpu: last.generatorCpu.map((_, w) => sum((round) => (round.generatorCpu[w] ?? 0) * round.windowMs) / windowMs),
    generatorCpuS: sum((round) => round.generatorCpuS),
  };
}

/**
 * Member i connects to process i % processes, so that every room with at least as many members as
 * there are processes has members on each. Workers get consecutive groups of one member per process,
 * so that each worker holds members of every process and the worker does not stand in for the process.
 */
export function place(members: readonly MemberSpec[], processes: number, workers: number): PlacedMember[][] {
  const plans: PlacedMember[][] = Array.from({ length: workers }, () => []);
  members.forEach((spec, i) => plans[Math.floor(i / processes) % workers]!.push({ ...spec, instance: i % processes }));
  return plans;
}

export interface Load {
  /** Deals `members` to the server's processes and to the workers (see place()) and connects them all. */
  connect(members: readonly MemberSpec[]): Promise<ConnectSummary>;
  /** One round: send for `durationMs`, then wait for the acks and for every delivery owed so far. */
  run(durationMs: number, hooks: LoadHooks): Promise<TrafficSummary>;
  close(): Promise<void>;
}

/**
 * Forks `workerCount` workers at once, so that they load while the caller prepares the rooms.
 * `urls`: the server's processes (one, or the app's instances).
 */
export function createLoad(urls: readonly string[], mode: SendMode, workerCount: number, concurrency = 100): Load {
  const count = Math.max(1, workerCount);
  const workers = Array.from({ length: count }, () => forkWorker());
  return {
    async connect(members) {
      // Forking and loading a worker takes a few hundred ms: not part of the connect time.
      await Promise.all(workers.map((worker) => worker.next("ready")));
      const started = Date.now();
      const plans = place(members, urls.length, count);
      workers.forEach((worker, w) => worker.tell({ type: "plan", plan: { urls: [...urls], mode, concurrency, members: plans[w] ?? [] } }));
      const reports: ConnectReport[] = await Promise.all(workers.map((worker) => worker.next("connected")));
      const elapsedMs = Date.now() - started;
      return {
        connected: reports.reduce((sum, r) => sum + r.connected, 0),
        errors: sumCounts(reports.map((r) => r.errors)),
        elapsedMs,
        generatorCpu: Math.max(...reports.map((r) => r.cpuMs / Math.max(1, elapsedMs))),
        generatorCpuS: reports.reduce((sum, r) => sum + r.cpuMs, 0) / 1000,
      };
    },
    async run(durationMs, hooks) {
      hooks.onStart();
      workers.forEach((worker) => worker.tell({ type: "start", durationMs }));
      const windowEnd = new Promise<void>((resolve) => setTimeout(() => resolve(hooks.onWindowEnd()), durationMs));
      const [stops] = await Promise.all([Promise.all(workers.map((worker) => worker.next("stopped"))), windowEnd]);
      const ackedByRoom = sumCounts(stops.map((r) => r.ackedByRoom));
      const owed = stops.map((report) => expectedDeliveries(ackedByRoom, report));
      const typingSentByRoom = sumCounts(stops.map((r) => r.typingSentByRoom ?? {}));
      const typingOwed = stops.map((report) => expectedTyping(typingSentByRoom, report));
      workers.forEach((worker, w) => worker.tell({ type: "drain", expected: owed[w] ?? 0, expectedTyping: typingOwed[w] ?? 0, timeoutMs: DRAIN_TIMEOUT_MS }));
      const results = await Promise.all(workers.map((worker) => worker.next("result")));
      const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);
      return summarise(stops, results, { messages: sum(owed), typing: sum(typingOwed) });
    },
    async close() {
      for (const worker of workers) if (worker.child.connected) worker.tell({ type: "close" });
      // A worker exits by itself once its sockets are closed; stop any that does not.
      await Promise.all(
        workers.map(async ({ child }) => {
          if (!(await exitsWithin(child, 3_000))) await stopChild(child, "SIGKILL");
        }),
      );
    },
  };
}
