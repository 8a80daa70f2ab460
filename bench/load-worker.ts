/**
 * One load-generating process, forked by the benchmark (load/driver.ts). It connects its share of the
 * members, then on "start" sends for the given time, and counts every ack and every message:created
 * it receives. Each message carries its send time and its sender's server process (load/stamp.ts), so
 * every receiver measures the fan-out latency itself, and files it as same- or cross-instance.
 */
import { v7 as timeOrderedUuid } from "uuid";
import { createHistogram, recordUs } from "./histogram";
import { connectAll, membersByRoom, type Member } from "./load/members";
import type { ParentMessage, SendMode, StopReport, WorkerMessage, WorkerPlan } from "./load/messages";
import { nowMs, readStamp, stampText } from "./load/stamp";

const ACK_TIMEOUT_MS = 10_000;

const stats = { sent: 0, acked: 0, received: 0, inFlight: 0, ackErrors: {} as Record<string, number>, ackedByRoom: {} as Record<string, number> };
const typingStats = { sentByRoom: {} as Record<string, number>, received: 0, echoed: 0 };
/** How long before each send a member in rate mode says it is typing: twice, 3 s apart, as the web client does. */
const TYPING_LEADS_MS = [5_000, 2_000];
const latency = createHistogram();
const sameInstance = createHistogram();
const crossInstance = createHistogram();
let members: Member[] = [];
let mode: SendMode = { kind: "idle" };
let sending = false;
// The timers of this sending window: pending one-shots drop out as they fire (a long run schedules
// hundreds of thousands), and the window's end clears what is left.
const timers = new Set<NodeJS.Timeout>();

/** `run` in `ms`, cancelled if the sending window ends first. */
function later(run: () => void, ms: number): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    run();
  }, ms);
  timers.add(timer);
}

function reply(message: WorkerMessage): void {
  process.send?.(message);
}

function countError(code: string): void {
  stats.ackErrors[code] = (stats.ackErrors[code] ?? 0) + 1;
}

function send(member: Member): void {
  stats.sent += 1;
  stats.inFlight += 1;
  const text = stampText(member.spec.instance, member.spec.name);
  // Time-ordered, like the ids the browser client makes (lib/client/ids.ts).
  member.socket.timeout(ACK_TIMEOUT_MS).emit("message:send", { text, clientId: timeOrderedUuid() }, (error, ack) => {
    stats.inFlight -= 1;
    if (error) countError("timeout");
    else if (!ack.ok) countError(ack.error.code);
    else {
      stats.acked += 1;
      stats.ackedByRoom[member.spec.room] = (stats.ackedByRoom[member.spec.room] ?? 0) + 1;
    }
    if (mode.kind !== "saturate" || !sending || !member.socket.connected) return;
    // After a refusal, back off a little rather than spin on it.
    if (error || !ack.ok) later(() => sending && send(member), 100);
    else send(member);
  });
}

function typing(member: Member, value: boolean): void {
  if (!member.socket.connected) return;
  member.socket.emit("typing:update", { typing: value });
  typingStats.sentByRoom[member.spec.room] = (typingStats.sentByRoom[member.spec.room] ?? 0) + 1;
}

/** Schedules the typing notices that come before a send due in `inMs`. */
function typeBefore(member: Member, inMs: number): void {
  for (const lead of TYPING_LEADS_MS) if (inMs >= lead) later(() => sending && typing(member, true), inMs - lead);
}

function listen(member: Member): void {
  member.socket.on("member:typing", (notice) => {
    typingStats.received += 1;
    if (notice.name === member.spec.name) typingStats.echoed += 1;
  });
  member.socket.on("message:created", (message) => {
    stats.received += 1;
    const stamp = readStamp(message.text);
    const us = (nowMs() - stamp.sentAtMs) * 1000;
    recordUs(latency, us);
    recordUs(stamp.instance === member.spec.instance ? sameInstance : crossInstance, us);
  });
}

function startSending(): void {
  sending = true;
  for (const member of members) {
    if (mode.kind === "saturate") send(member);
    if (mode.kind === "rate") {
      const { intervalMs } = mode;
      const tick = () => {
        if (!sending) return;
        typing(member, false);
        send(member);
        typeBefore(member, intervalMs);
      };
      const phase = Math.random() * intervalMs;
      typeBefore(member, phase);
      later(() => {
        tick();
        timers.add(setInterval(tick, intervalMs));
      }, phase);
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function connect(plan: WorkerPlan): Promise<void> {
  mode = plan.mode;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const connected = await connectAll(plan.urls, plan.members, plan.concurrency);
  const cpu = process.cpuUsage(cpuBefore);
  members = connected.members;
  members.forEach(listen);
  const report = { connected: members.length, errors: connected.errors, elapsedMs: Date.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  reply({ type: "connected", report });
}

/**
 * One round of sending. The counters (sent, acked, received, the histograms) add up over the rounds of a
 * scenario; the window's own figures (its length, acks, receipts and CPU) are this round's alone.
 */
async function run(durationMs: number): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const before = { acked: stats.acked, received: stats.received };
  const started = performance.now();
  startSending();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  sending = false;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  const cpu = process.cpuUsage(cpuBefore);
  const window = {
    windowMs: performance.now() - started,
    windowAcked: stats.acked - before.acked,
    windowReceived: stats.received - before.received,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stillConnected: members.filter(({ socket }) => socket.connected).length,
  };
  // The ack timeout bounds this wait; a send still unanswered after it counts as a "timeout" error.
  await waitFor(() => stats.inFlight === 0, ACK_TIMEOUT_MS + 1_000);
  const { sent, acked, ackErrors, ackedByRoom } = stats;
  const report: StopReport = { sent, acked, ackErrors, ackedByRoom, membersByRoom: membersByRoom(members), typingSentByRoom: typingStats.sentByRoom, ...window };
  reply({ type: "stopped", report });
}

async function drain(expected: number, expectedTyping: number, timeoutMs: number): Promise<void> {
  await waitFor(() => stats.received >= expected && typingStats.received >= expectedTyping, timeoutMs);
  reply({ type: "result", report: { received: stats.received, latency, sameInstance, crossInstance, typingReceived: typingStats.received, typingEchoed: typingStats.echoed } });
}

function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case "plan":
      return connect(message.plan);
    case "start":
      return run(message.durationMs);
    case "drain":
      return drain(message.expected, message.expectedTyping, message.timeoutMs);
    case "close":
      members.forEach(({ socket }) => socket.close());
      setTimeout(() => process.exit(0), 50);
      return Promise.resolve();
  }
}

process.on("message", (message: ParentMessage) => {
  handle(message).catch((error: unknown) => reply({ type: "error", message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
// The parent went away (or killed us): never linger.
process.on("disconnect", () => process.exit(0));
reply({ type: "ready", report: null });
