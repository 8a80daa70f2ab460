/**
 * One load-generating process of the `changes` scenario, forked by bench/load/changes-driver.ts. It
 * connects its share of the members, has each send a few messages, then on "start" has each keep a
 * window of edits and reaction toggles in flight for the given time (load/change-member.ts chooses
 * them), counting acks and every message:updated received. On "verify" it compares every member's
 * view and acked changes with the server's messages.
 */
import { v7 as timeOrderedUuid } from "uuid";
import type { Ack, Message } from "../lib/protocol";
import { createHistogram, recordUs } from "./histogram";
import { createMemberState, nextChange, observe, settle, verify, type Change, type MemberState } from "./load/change-member";
import type { ChangeParentMessage, ChangePlan, ChangeWorkerMessage, VerifyReport } from "./load/change-messages";
import { connectAll, membersByRoom, type Member } from "./load/members";

const ACK_TIMEOUT_MS = 10_000;
/** When every candidate key of a member is in flight, it looks again this much later. */
const IDLE_RETRY_MS = 5;

interface ChangingMember extends Member {
  state: MemberState;
}

const stats = { sent: 0, acked: 0, received: 0, inFlight: 0, ackErrors: {} as Record<string, number>, ackedByRoom: {} as Record<string, number> };
const ackLatency = createHistogram();
let members: ChangingMember[] = [];
let plan: ChangePlan | undefined;
let sending = false;
const timers = new Set<NodeJS.Timeout>();

function reply(message: ChangeWorkerMessage): void {
  process.send?.(message);
}

function later(ms: number, run: () => void): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    run();
  }, ms);
  timers.add(timer);
}

function emitChange(member: ChangingMember, change: Change, done: (error: Error | null, ack: Ack<Message>) => void): void {
  const socket = member.socket.timeout(ACK_TIMEOUT_MS);
  if (change.event === "message:edit") socket.emit("message:edit", change.input, done);
  else socket.emit(change.event, change.input, done);
}

/** One lane of a member's window: a change, and on its answer the next one, while sending. */
function lane(member: ChangingMember): void {
  if (!sending || !member.socket.connected) return;
  const change = nextChange(member.state);
  if (change === null) return later(IDLE_RETRY_MS, () => lane(member));
  member.state.busy.add(change.key);
  stats.sent += 1;
  stats.inFlight += 1;
  const started = performance.now();
  emitChange(member, change, (error, ack) => {
    stats.inFlight -= 1;
    settle(member.state, change, error ? "timeout" : ack);
    const refusal = error ? "timeout" : ack.ok ? null : ack.error.code;
    if (refusal !== null) {
      stats.ackErrors[refusal] = (stats.ackErrors[refusal] ?? 0) + 1;
      // After a refusal, back off a little rather than spin on it.
      return later(100, () => lane(member));
    }
    recordUs(ackLatency, (performance.now() - started) * 1000);
    stats.acked += 1;
    stats.ackedByRoom[member.spec.room] = (stats.ackedByRoom[member.spec.room] ?? 0) + 1;
    lane(member);
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function connect(given: ChangePlan): Promise<void> {
  plan = given;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const connected = await connectAll(given.urls, given.members, given.concurrency);
  const cpu = process.cpuUsage(cpuBefore);
  members = connected.members.map((member) => ({ ...member, state: createMemberState(member.spec.name) }));
  for (const { socket, state } of members) {
    socket.on("message:created", (message) => observe(state, message));
    socket.on("message:updated", (message) => {
      stats.received += 1;
      observe(state, message);
    });
  }
  reply({ type: "connected", report: { connected: members.length, errors: connected.errors, elapsedMs: Date.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 } });
}

/** Each member sends its messages one after another; the members go at once. */
async function seed(): Promise<void> {
  const report = { sent: 0, acked: 0, ackedByRoom: {} as Record<string, number> };
  const sendAll = async ({ socket, spec }: ChangingMember) => {
    for (let i = 1; i <= (plan?.seedPerMember ?? 0); i += 1) {
      report.sent += 1;
      const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:send", { text: `message ${i} from ${spec.name}`, clientId: timeOrderedUuid() }).catch(() => null);
      if (ack?.ok !== true) continue;
      report.acked += 1;
      report.ackedByRoom[spec.room] = (report.ackedByRoom[spec.room] ?? 0) + 1;
    }
  };
  await Promise.all(members.map(sendAll));
  reply({ type: "seeded", report });
}

async function run(durationMs: number): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const before = { acked: stats.acked, received: stats.received };
  const started = performance.now();
  sending = true;
  for (const member of members) for (let i = 0; i < (plan?.window ?? 1); i += 1) lane(member);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  sending = false;
  timers.forEach((timer) => clearTimeout(timer));
  timers.clear();
  const cpu = process.cpuUsage(cpuBefore);
  const window = {
    windowMs: performance.now() - started,
    windowAcked: stats.acked - before.acked,
    windowReceived: stats.received - before.received,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stillConnected: members.filter(({ socket }) => socket.connected).length,
  };
  // The ack timeout bounds this wait; a change still unanswered after it counts as a "timeout" error.
  await waitFor(() => stats.inFlight === 0, ACK_TIMEOUT_MS + 1_000);
  const { sent, acked, ackErrors, ackedByRoom } = stats;
  reply({ type: "stopped", report: { sent, acked, ackErrors, ackedByRoom, membersByRoom: membersByRoom(members), ackLatency, ...window } });
}

function verifyAll(truth: Record<string, Message[]>): VerifyReport {
  const report: VerifyReport = { clients: members.length, converged: 0, stale: 0, missing: 0, extra: 0, checked: 0, lost: 0, outOfOrder: 0, examples: [] };
  const byRoom = new Map(Object.entries(truth).map(([room, messages]) => [room, new Map(messages.map((message) => [message.id, message]))]));
  for (const { spec, state } of members) {
    const verdict = verify(state, byRoom.get(spec.room) ?? new Map());
    if (verdict.stale + verdict.missing + verdict.extra === 0) report.converged += 1;
    for (const key of ["stale", "missing", "extra", "checked", "lost"] as const) report[key] += verdict[key];
    report.outOfOrder += state.outOfOrder;
    if (verdict.example !== null && report.examples.length < 3) report.examples.push(`${spec.room} ${verdict.example}`);
  }
  return report;
}

async function handle(message: ChangeParentMessage): Promise<void> {
  switch (message.type) {
    case "plan":
      return connect(message.plan);
    case "seed":
      return seed();
    case "settle": {
      const complete = ({ spec, state }: ChangingMember) => state.view.size >= (message.messagesByRoom[spec.room] ?? 0);
      await waitFor(() => members.every(complete), message.timeoutMs);
      return reply({ type: "settled", report: { complete: members.filter(complete).length } });
    }
    case "start":
      return run(message.durationMs);
    case "drain":
      await waitFor(() => stats.received >= message.expected, message.timeoutMs);
      return reply({ type: "result", report: { received: stats.received } });
    case "verify":
      return reply({ type: "verified", report: verifyAll(message.truth) });
    case "close":
      members.forEach(({ socket }) => socket.close());
      setTimeout(() => process.exit(0), 50);
  }
}

process.on("message", (message: ChangeParentMessage) => {
  handle(message).catch((error: unknown) => reply({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
// The parent went away (or killed us): never linger.
process.on("disconnect", () => process.exit(0));
reply({ type: "ready", report: null });
