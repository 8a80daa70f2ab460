/** fanout, rooms and writes: the same measurement (traffic.ts) with different shapes and goals. */
import { atLeastTimesReference, atMostTimesReference, below, both, equalTo, type Figure, type ScenarioResult } from "../report";
import type { ScenarioName } from "../options";
import { contentionNotes, generatorNotes, lossFailures, machineNotes } from "./checks";
import { RAISED_MESSAGE_LIMITS, onBothServers, raisedLimitsNote, type ScenarioContext } from "./context";
import { measureTraffic, trafficFigures } from "./traffic";

interface MessageScenario {
  name: ScenarioName;
  figures: Figure[];
}

const SCENARIOS: Record<"fanout" | "rooms" | "writes", MessageScenario> = {
  fanout: { name: "fanout", figures: trafficFigures({ deliveriesPerS: atLeastTimesReference(0.8) }) },
  rooms: {
    name: "rooms",
    figures: trafficFigures({ lost: equalTo(0), p99: both(atMostTimesReference(2), below(25, "ms")) }),
  },
  writes: { name: "writes", figures: trafficFigures({ ackedPerS: atLeastTimesReference(0.6) }) },
};

function describe(ctx: ScenarioContext): string {
  const { rooms, members, durationS, rate } = ctx.params;
  const pace = rate > 0 ? `${rate} messages/s per room` : "saturating (each member sends again on its ack)";
  return `${rooms} room(s) x ${members} members, ${pace}, ${durationS} s, ${ctx.workers} load worker(s)`;
}

export async function runMessageScenario(name: keyof typeof SCENARIOS, ctx: ScenarioContext): Promise<ScenarioResult> {
  const saturating = ctx.params.rate === 0;
  const { app, reference } = await onBothServers(ctx, saturating ? RAISED_MESSAGE_LIMITS : {}, measureTraffic(ctx));
  const notes = [
    saturating ? raisedLimitsNote() : "the app runs in its default configuration (every limit at its default)",
    "latency: from the sender's send call to each member's receipt of message:created (the sender's own copy included)",
    ...generatorNotes(app, reference),
    ...machineNotes(app, reference),
    ...contentionNotes(app, reference),
  ];
  return {
    name,
    summary: describe(ctx),
    params: ctx.params,
    notes,
    figures: SCENARIOS[name].figures,
    app,
    reference,
    failures: ctx.quick ? lossFailures(app, reference) : [],
  };
}
