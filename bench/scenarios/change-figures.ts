/** The changes scenario's figures: what one server's run adds up to, and the table's rows with their targets. */
import { availableParallelism } from "node:os";
import { quantileMs } from "../histogram";
import type { VerifyReport } from "../load/change-messages";
import type { ChangeRound } from "../load/changes-driver";
import { addCpuWindows, type CpuWindow } from "../proc-stats";
import { atLeastTimesReference, equalTo, type Figure, type Metrics } from "../report";

/** The worst check over the rounds: every one should find nothing. */
export function worst(checks: readonly VerifyReport[]): Metrics {
  const most = (pick: (check: VerifyReport) => number) => (checks.length === 0 ? null : Math.max(...checks.map(pick)));
  return {
    checked: checks.at(-1)?.checked ?? null,
    lost: most((c) => c.lost),
    diverged: most((c) => c.clients - c.converged),
    differingCopies: most((c) => c.stale + c.missing + c.extra),
    outOfOrder: most((c) => c.outOfOrder),
  };
}

export interface ChangeRun {
  clients: number;
  connected: number;
  seeded: number;
  seedSent: number;
  settled: number;
  rounds: Array<{ load: ChangeRound; cpu: CpuWindow }>;
  checks: VerifyReport[];
  rssPeakMb: number;
  rssConnectedMb: number;
}

export function changeMetrics(run: ChangeRun): Metrics {
  const last = run.rounds.at(-1)?.load;
  if (last === undefined) return { clients: run.connected };
  const windowS = run.rounds.reduce((sum, round) => sum + round.load.windowMs, 0) / 1000;
  const windowAcked = run.rounds.reduce((sum, round) => sum + round.load.windowAcked, 0);
  const windowReceived = run.rounds.reduce((sum, round) => sum + round.load.windowReceived, 0);
  const generatorCpuS = run.rounds.reduce((sum, round) => sum + round.load.generatorCpuS, 0);
  const cpu = addCpuWindows(run.rounds.map((round) => round.cpu));
  const busiest = last.generatorCpu.map((_, w) => run.rounds.reduce((sum, round) => sum + (round.load.generatorCpu[w] ?? 0) * round.load.windowMs, 0) / (windowS * 1000));
  return {
    clients: run.connected,
    connectFailures: run.clients - run.connected,
    stillConnected: last.stillConnected,
    seedSent: run.seedSent,
    seeded: run.seeded,
    settled: run.settled,
    sent: last.sent,
    acked: last.acked,
    ackErrors: Object.values(last.ackErrors).reduce((sum, n) => sum + n, 0),
    expected: last.expected,
    received: last.received,
    updatesLost: last.expected - last.received,
    ...worst(run.checks),
    ackP50: quantileMs(last.ackLatency, 0.5),
    ackP99: quantileMs(last.ackLatency, 0.99),
    ackedPerS: windowAcked / windowS,
    deliveriesPerS: windowReceived / windowS,
    serverCpuS: cpu.serverS,
    serverCpuPct: (cpu.serverS / windowS) * 100,
    cpuMsPer1000Acked: windowAcked === 0 ? null : (cpu.serverS * 1000) / (windowAcked / 1000),
    rssConnectedMb: run.rssConnectedMb,
    rssPeakMb: run.rssPeakMb,
    generatorCpuPct: Math.max(...busiest) * 100,
    otherCpuPct: Math.max(0, (cpu.machineS - cpu.serverS - cpu.backingS - cpu.selfS - generatorCpuS) / windowS) * 100,
    machineBusyPct: (cpu.machineS / windowS / availableParallelism()) * 100,
  };
}

export const CHANGE_FIGURES: Figure[] = [
  { key: "clients", label: "clients connected" },
  { key: "stillConnected", label: "clients still connected at the end" },
  { key: "seeded", label: "messages sent before the changes" },
  { key: "sent", label: "changes sent" },
  { key: "acked", label: "changes acked" },
  { key: "ackErrors", label: "error or missing acks" },
  { key: "expected", label: "updates owed (acked x members)" },
  { key: "received", label: "updates received" },
  { key: "updatesLost", label: "updates lost" },
  { key: "checked", label: "keys checked at the end" },
  { key: "lost", label: "acked changes lost", target: equalTo(0) },
  { key: "diverged", label: "clients not converged", target: equalTo(0) },
  { key: "differingCopies", label: "copies differing from the server" },
  { key: "outOfOrder", label: "updates older than the copy held" },
  { key: "ackP50", label: "ack latency p50 (ms)", digits: 2 },
  { key: "ackP99", label: "ack latency p99 (ms)", digits: 2 },
  { key: "ackedPerS", label: "changes acked/s", target: atLeastTimesReference(0.5) },
  { key: "deliveriesPerS", label: "updates delivered/s" },
  { key: "serverCpuS", label: "server CPU (s)", digits: 2 },
  { key: "serverCpuPct", label: "server CPU (% of a core)" },
  { key: "cpuMsPer1000Acked", label: "server CPU ms / 1000 acked changes", digits: 1 },
  { key: "rssConnectedMb", label: "server RSS after seeding (MB)", digits: 1 },
  { key: "rssPeakMb", label: "server RSS peak (MB)", digits: 1 },
  { key: "generatorCpuPct", label: "generator CPU, busiest worker (%)" },
  { key: "otherCpuPct", label: "other processes' CPU (% of a core)" },
  { key: "machineBusyPct", label: "machine busy (% of all cores)" },
];
