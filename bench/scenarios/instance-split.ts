/**
 * With --instances N: what the message scenarios add to their table. Every receipt is filed by
 * whether its sender was connected to the receiver's own process (same-instance: Socket.IO delivers it
 * locally) or to another (cross-instance: it went through Redis), and the difference of the two is
 * the latency that crossing instances adds. Also each instance's peak memory, and what PostgreSQL and
 * Redis cost, which a single SQLite process pays inside its own CPU figure.
 */
import { quantileMs, type Histogram } from "../histogram";
import type { Figure, Metrics } from "../report";

export interface InstanceSplit {
  sameInstance: Histogram;
  crossInstance: Histogram;
  /** Each process's own peak RSS (MB); only a multi-process server has per-instance rows. */
  rssPeakEachMb: number[];
  backingCpuS: number;
  windowS: number;
  /** The server relies on PostgreSQL and Redis (the app with --instances > 1). */
  hasBacking: boolean;
}

const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function instanceMetrics(split: InstanceSplit): Metrics {
  const p50Same = quantileMs(split.sameInstance, 0.5);
  const p99Same = quantileMs(split.sameInstance, 0.99);
  const p50Cross = quantileMs(split.crossInstance, 0.5);
  const p99Cross = quantileMs(split.crossInstance, 0.99);
  const perInstance = split.rssPeakEachMb.length > 1 ? split.rssPeakEachMb.map((mb, i) => [`rssPeakMbInstance${i + 1}`, mb]) : [];
  return {
    receivedSame: split.sameInstance.count,
    receivedCross: split.crossInstance.count,
    p50Same,
    p50Cross,
    p50CrossAdded: difference(p50Cross, p50Same),
    p99Same,
    p99Cross,
    p99CrossAdded: difference(p99Cross, p99Same),
    backingCpuPct: split.hasBacking ? (split.backingCpuS / split.windowS) * 100 : null,
    ...Object.fromEntries(perInstance),
  };
}

/** The rows, grouped by where they go in the table. */
export function instanceFigures(instances: number): { latency: Figure[]; cpu: Figure[]; memory: Figure[] } {
  return {
    latency: [
      { key: "receivedSame", label: "deliveries, same instance as the sender" },
      { key: "receivedCross", label: "deliveries, cross-instance" },
      { key: "p50Same", label: "latency p50, same instance (ms)", digits: 2 },
      { key: "p50Cross", label: "latency p50, cross-instance (ms)", digits: 2 },
      { key: "p50CrossAdded", label: "cross-instance latency added to p50 (ms)", digits: 2 },
      { key: "p99Same", label: "latency p99, same instance (ms)", digits: 2 },
      { key: "p99Cross", label: "latency p99, cross-instance (ms)", digits: 2 },
      { key: "p99CrossAdded", label: "cross-instance latency added to p99 (ms)", digits: 2 },
    ],
    cpu: [{ key: "backingCpuPct", label: "PostgreSQL + Redis CPU (% of a core)" }],
    memory: Array.from({ length: instances }, (_, i) => ({ key: `rssPeakMbInstance${i + 1}`, label: `server RSS peak, instance ${i + 1} (MB)`, digits: 1 })),
  };
}
