/**
 * The three message scenarios share one measurement: create the rooms over HTTP, connect every member,
 * then in each round send for a fixed time (saturating or at a rate) and wait for every delivery that
 * the acknowledged messages owe. Loss is expected minus received deliveries.
 */
import { availableParallelism } from "node:os";
import { createRooms } from "../addresses";
import { quantileMs } from "../histogram";
import { createLoad, mergeRounds, type ConnectSummary, type TrafficSummary } from "../load/driver";
import type { SendMode } from "../load/messages";
import { addCpuWindows, openCpuWindow, rssMb, sampleRss, type CpuWindow } from "../proc-stats";
import type { Figure, Metrics } from "../report";
import type { RunningServer } from "../servers";
import { memberSpecs, sleep, type RoundSession, type ScenarioContext } from "./context";
import { instanceFigures, instanceMetrics } from "./instance-split";

/** A worker at this share of one core or more was probably the bottleneck, not the server. */
export const GENERATOR_BOUND = 0.9;

export function sendMode(ctx: ScenarioContext): SendMode {
  const { rate, members } = ctx.params;
  return rate > 0 ? { kind: "rate", intervalMs: (members * 1000) / rate } : { kind: "saturate" };
}

interface ServerCost {
  cpu: CpuWindow;
  rssIdleMb: number;
  rssConnectedMb: number;
  rssPeakMb: number;
  rssPeakEachMb: number[];
}

function trafficMetrics(connect: ConnectSummary, traffic: TrafficSummary, cost: ServerCost, clients: number): Metrics {
  const windowS = traffic.windowMs / 1000;
  const ackErrors = Object.values(traffic.ackErrors).reduce((sum, n) => sum + n, 0);
  return {
    clients: connect.connected,
    stillConnected: traffic.stillConnected,
    connectFailures: clients - connect.connected,
    sent: traffic.sent,
    acked: traffic.acked,
    ackErrors,
    expected: traffic.expected,
    received: traffic.received,
    lost: traffic.expected - traffic.received,
    p50: quantileMs(traffic.latency, 0.5),
    p95: quantileMs(traffic.latency, 0.95),
    p99: quantileMs(traffic.latency, 0.99),
    max: traffic.latency.count === 0 ? null : traffic.latency.maxUs / 1000,
    deliveriesPerS: traffic.windowReceived / windowS,
    ackedPerS: traffic.windowAcked / windowS,
    serverCpuS: cost.cpu.serverS,
    serverCpuPct: (cost.cpu.serverS / windowS) * 100,
    cpuMsPer1000Deliveries: traffic.windowReceived === 0 ? null : (cost.cpu.serverS * 1000) / (traffic.windowReceived / 1000),
    cpuMsPer1000Acked: traffic.windowAcked === 0 ? null : (cost.cpu.serverS * 1000) / (traffic.windowAcked / 1000),
    rssIdleMb: cost.rssIdleMb,
    rssConnectedMb: cost.rssConnectedMb,
    rssPeakMb: cost.rssPeakMb,
    generatorCpuPct: Math.max(...traffic.generatorCpu) * 100,
    otherCpuPct: Math.max(0, (cost.cpu.machineS - cost.cpu.serverS - cost.cpu.backingS - cost.cpu.selfS - traffic.generatorCpuS) / windowS) * 100,
    machineBusyPct: (cost.cpu.machineS / windowS / availableParallelism()) * 100,
    typingSent: traffic.typing.sent,
    typingReceived: traffic.typing.received,
    typingLost: traffic.typing.expected - traffic.typing.received,
    typingEchoed: traffic.typing.echoed,
  };
}

/**
 * One server set up for a message scenario: its rooms created and every member connected (RSS read
 * before and after), ready for rounds of traffic (see onBothServersInRounds).
 */
export async function openTraffic(ctx: ScenarioContext, server: RunningServer): Promise<RoundSession> {
  const { params } = ctx;
  const pids = server.processes.map(({ pid }) => pid);
  const rss = sampleRss(pids);
  const load = createLoad(server.processes.map(({ url }) => url), sendMode(ctx), ctx.workers);
  const rounds: Array<{ traffic: TrafficSummary; cpu: CpuWindow }> = [];
  const close = async () => {
    rss.stop();
    await load.close();
  };
  try {
    const rooms = await createRooms(server.url, params.rooms);
    const rssIdleMb = rssMb(pids);
    const specs = memberSpecs(rooms, params.members);
    const connect = await load.connect(specs);
    ctx.log(`  ${server.kind}: ${connect.connected}/${specs.length} members connected in ${connect.elapsedMs} ms`);
    await sleep(500);
    const rssConnectedMb = rssMb(pids);
    return {
      async round(durationMs) {
        let closeWindow = openCpuWindow(pids, server.backingCpuS);
        let cpu: CpuWindow | undefined;
        const traffic = await load.run(durationMs, {
          onStart: () => (closeWindow = openCpuWindow(pids, server.backingCpuS)),
          onWindowEnd: () => (cpu = closeWindow()),
        });
        rounds.push({ traffic, cpu: cpu ?? closeWindow() });
        ctx.log(`  ${server.kind}: round ${rounds.length}, ${traffic.windowAcked} acked in ${(traffic.windowMs / 1000).toFixed(1)} s; ${traffic.acked}/${traffic.sent} acked, ${traffic.received}/${traffic.expected} deliveries so far`);
      },
      metrics() {
        const traffic = mergeRounds(rounds.map((round) => round.traffic));
        const cost = { cpu: addCpuWindows(rounds.map((round) => round.cpu)), rssIdleMb, rssConnectedMb, rssPeakMb: rss.peakMb(), rssPeakEachMb: rss.peakMbEach() };
        const metrics = trafficMetrics(connect, traffic, cost, specs.length);
        if (ctx.instances === 1) return metrics;
        const split = { ...traffic, rssPeakEachMb: cost.rssPeakEachMb, backingCpuS: cost.cpu.backingS, windowS: traffic.windowMs / 1000, hasBacking: server.backingCpuS !== undefined };
        return { ...metrics, ...instanceMetrics(split) };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The typing load's rows, in scenarios that send at a rate (rooms): members type before each message. */
const TYPING_FIGURES: Figure[] = [
  { key: "typingSent", label: "typing notices sent" },
  { key: "typingReceived", label: "typing notices received" },
  { key: "typingLost", label: "typing notices lost" },
  { key: "typingEchoed", label: "typing notices sent back to the typist" },
];

/**
 * Figures every message scenario shows; `targets` attaches the scenario's own goals by key. With
 * several instances, the cross-instance rows follow the latency, and the per-instance ones the costs.
 */
export function trafficFigures(targets: Partial<Record<string, Figure["target"]>>, instances: number, typing = false): Figure[] {
  const split = instanceFigures(instances);
  const extra = instances > 1 ? split : { latency: [], cpu: [], memory: [] };
  const figures: Figure[] = [
    { key: "clients", label: "clients connected" },
    { key: "stillConnected", label: "clients still connected at the end" },
    { key: "sent", label: "messages sent" },
    { key: "acked", label: "messages acked" },
    { key: "ackErrors", label: "error or missing acks" },
    { key: "expected", label: "deliveries expected" },
    { key: "received", label: "deliveries received" },
    { key: "lost", label: "deliveries lost" },
    ...(typing ? TYPING_FIGURES : []),
    { key: "p50", label: "fan-out latency p50 (ms)", digits: 2 },
    { key: "p95", label: "fan-out latency p95 (ms)", digits: 2 },
    { key: "p99", label: "fan-out latency p99 (ms)", digits: 2 },
    { key: "max", label: "fan-out latency max (ms)", digits: 2 },
    ...extra.latency,
    { key: "deliveriesPerS", label: "deliveries/s" },
    { key: "ackedPerS", label: "acked messages/s" },
    { key: "serverCpuS", label: "server CPU (s)", digits: 2 },
    { key: "serverCpuPct", label: "server CPU (% of a core)" },
    { key: "cpuMsPer1000Deliveries", label: "server CPU ms / 1000 deliveries", digits: 1 },
    { key: "cpuMsPer1000Acked", label: "server CPU ms / 1000 acked messages", digits: 1 },
    ...extra.cpu,
    { key: "rssIdleMb", label: "server RSS idle (MB)", digits: 1 },
    { key: "rssConnectedMb", label: "server RSS connected (MB)", digits: 1 },
    { key: "rssPeakMb", label: "server RSS peak (MB)", digits: 1 },
    ...extra.memory,
    { key: "generatorCpuPct", label: "generator CPU, busiest worker (%)" },
    { key: "otherCpuPct", label: "other processes' CPU (% of a core)" },
    { key: "machineBusyPct", label: "machine busy (% of all cores)" },
  ];
  return figures.map((figure) => ({ ...figure, target: targets[figure.key] }));
}
