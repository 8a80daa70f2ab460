/** fanout, rooms and writes: the same measurement (traffic.ts) with different shapes and goals. */
import { atLeastTimesReference, atMostTimesReference, below, both, equalTo, type ScenarioResult, type Target } from "../report";
import { contentionNotes, generatorNotes, lossFailures, machineNotes } from "./checks";
import { RAISED_MESSAGE_LIMITS, onBothServersInRounds, raisedLimitsNote, type ScenarioContext } from "./context";
import { openTraffic, trafficFigures } from "./traffic";

/** Each scenario's goals from the issue, attached to its figures by key. */
const TARGETS: Record<"fanout" | "rooms" | "writes", Partial<Record<string, Target>>> = {
  fanout: { deliveriesPerS: atLeastTimesReference(0.8) },
  rooms: { lost: equalTo(0), p99: both(atMostTimesReference(2), below(25, "ms")), typingEchoed: equalTo(0) },
  writes: { ackedPerS: atLeastTimesReference(0.6) },
};

/** What a reader of a multi-instance table must know: what "server" sums, and what the reference is. */
function instanceNotes(instances: number): string[] {
  if (instances === 1) return [];
  return [
    `the app side is ${instances} instances (dist/server.js on ${instances} ports) sharing one PostgreSQL database and one Redis, both throwaway (PostgreSQL without fsync, as in the tests); member i connects to instance i % ${instances}`,
    "server CPU and RSS are summed over the instances; PostgreSQL and Redis have a CPU row of their own (a single app process pays for SQLite inside its own CPU)",
    "the reference is still one process (bare Socket.IO, no adapter): every receipt there is same-instance, so its cross-instance rows are n/a",
    "cross-instance: the sender was connected to another instance than the receiver, so the message reached the receiver's instance through Redis (the sender's own copy is same-instance); added = cross-instance minus same-instance",
    "the Redis Streams adapter delivers to an instance's own sockets only once Redis has stored the message, so same-instance receipts wait for Redis too (docs/performance.md)",
  ];
}

export function roundsNote(ctx: ScenarioContext): string {
  const each = (ctx.params.durationS / ctx.rounds).toFixed(1);
  const order = ctx.referenceFirst ? "reference, app, app, reference, ..." : "app, reference, reference, app, ...";
  return `both servers ran side by side, members connected to each, and took turns sending: ${ctx.rounds} round(s) of ${each} s each (${order}); the figures add up each server's rounds`;
}

function describe(ctx: ScenarioContext): string {
  const { rooms, members, durationS, rate } = ctx.params;
  const pace = rate > 0 ? `${rate} messages/s per room` : "saturating (each member sends again on its ack)";
  const instances = ctx.instances > 1 ? `, ${ctx.instances} app instances` : "";
  return `${rooms} room(s) x ${members} members, ${pace}, ${durationS} s, ${ctx.workers} load worker(s)${instances}`;
}

export async function runMessageScenario(name: keyof typeof TARGETS, ctx: ScenarioContext): Promise<ScenarioResult> {
  const saturating = ctx.params.rate === 0;
  const { app, reference } = await onBothServersInRounds(ctx, saturating ? RAISED_MESSAGE_LIMITS : {}, (server) => openTraffic(ctx, server));
  const notes = [
    saturating ? raisedLimitsNote() : "the app runs in its default configuration (every limit at its default)",
    roundsNote(ctx),
    ...instanceNotes(ctx.instances),
    "latency: from the sender's send call to each member's receipt of message:created (the sender's own copy included)",
    ...(saturating ? [] : ["typing: each member says it is typing 5 s and 2 s before each message and that it stopped just before sending it (typing:update), as the web client does; both servers relay it to the rest of the room"]),
    ...generatorNotes(app, reference),
    ...machineNotes(app, reference),
    ...contentionNotes(app, reference),
  ];
  return {
    name,
    summary: describe(ctx),
    params: ctx.params,
    notes,
    figures: trafficFigures(TARGETS[name], ctx.instances, !saturating),
    app,
    reference,
    failures: ctx.quick ? lossFailures(app, reference) : [],
  };
}
