/**
 * idle: as many members as asked for (10,000 by default) connect and stay silent. What one more
 * connection costs in memory, and how fast the server admits them. The app also announces every
 * arrival to the room (member:joined) during the ramp; the reference does not.
 */
import { createRooms } from "../addresses";
import { createLoad } from "../load/driver";
import { openCpuWindow, rssMb, sampleRss } from "../proc-stats";
import { atMostTimesReference, equalTo, type Figure, type Metrics, type ScenarioResult } from "../report";
import type { RunningServer } from "../servers";
import { contentionNotes, generatorNotes } from "./checks";
import { memberSpecs, onBothServers, sleep, type ScenarioContext } from "./context";

const SETTLE_MS = 2_000;
const HANDSHAKES_IN_FLIGHT_PER_WORKER = 100;

function measureIdle(ctx: ScenarioContext) {
  return async (server: RunningServer): Promise<Metrics> => {
    const rss = sampleRss([server.pid]);
    const load = createLoad([server.url], { kind: "idle" }, ctx.workers, HANDSHAKES_IN_FLIGHT_PER_WORKER);
    try {
      const rooms = await createRooms(server.url, ctx.params.rooms);
      await sleep(500);
      const rssIdleMb = rssMb([server.pid]);
      const specs = memberSpecs(rooms, ctx.params.members);
      const closeWindow = openCpuWindow([server.pid]);
      const connect = await load.connect(specs);
      const cpu = closeWindow();
      const cpuS = cpu.serverS;
      const otherCpuS = Math.max(0, cpu.machineS - cpu.serverS - cpu.selfS - connect.generatorCpuS);
      ctx.log(`  ${server.kind}: ${connect.connected}/${specs.length} connected in ${connect.elapsedMs} ms ${JSON.stringify(connect.errors)}`);
      // An idle window: nobody sends; it tells how many sockets are still open at its end.
      let rssConnectedMb = 0;
      const settled = await load.run(SETTLE_MS, { onStart: () => undefined, onWindowEnd: () => (rssConnectedMb = rssMb([server.pid])) });
      return {
        requested: specs.length,
        connected: connect.connected,
        held: settled.stillConnected,
        connectFailures: specs.length - connect.connected,
        connectPerS: connect.connected / (connect.elapsedMs / 1000),
        connectCpuS: cpuS,
        cpuMsPerConnection: connect.connected === 0 ? null : (cpuS * 1000) / connect.connected,
        rssIdleMb,
        rssConnectedMb,
        rssPerConnectionKb: settled.stillConnected === 0 ? null : ((rssConnectedMb - rssIdleMb) * 1024) / settled.stillConnected,
        rssPeakMb: rss.peakMb(),
        generatorCpuPct: connect.generatorCpu * 100,
        otherCpuPct: (otherCpuS / (connect.elapsedMs / 1000)) * 100,
      };
    } finally {
      rss.stop();
      await load.close();
    }
  };
}

function figures(requested: number): Figure[] {
  return [
    { key: "requested", label: "connections requested" },
    { key: "connected", label: "connections made" },
    { key: "held", label: `connections held ${SETTLE_MS / 1000} s later`, target: equalTo(requested) },
    { key: "connectFailures", label: "connections refused or failed" },
    { key: "connectPerS", label: "connect rate (connections/s)" },
    { key: "connectCpuS", label: "server CPU during the ramp (s)", digits: 2 },
    { key: "cpuMsPerConnection", label: "server CPU ms / connection", digits: 2 },
    { key: "rssIdleMb", label: "server RSS idle (MB)", digits: 1 },
    { key: "rssConnectedMb", label: "server RSS connected (MB)", digits: 1 },
    { key: "rssPerConnectionKb", label: "RSS per connection (KB)", digits: 1, target: atMostTimesReference(1.5) },
    { key: "rssPeakMb", label: "server RSS peak (MB)", digits: 1 },
    { key: "generatorCpuPct", label: "generator CPU in the ramp, busiest worker (%)" },
    { key: "otherCpuPct", label: "other processes' CPU in the ramp (% of a core)" },
  ];
}

export async function runIdle(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { rooms, members } = ctx.params;
  const { app, reference } = await onBothServers(ctx, {}, measureIdle(ctx));
  const requested = rooms * members;
  const failures = ctx.quick
    ? [app, reference].flatMap((m, i) => (m.held === requested ? [] : [`${i === 0 ? "app" : "reference"}: ${m.held} of ${requested} connections held`]))
    : [];
  return {
    name: "idle",
    summary: `${requested} idle members (${rooms} rooms x ${members}), ${HANDSHAKES_IN_FLIGHT_PER_WORKER} handshakes in flight per worker, ${ctx.workers} worker(s)`,
    params: ctx.params,
    notes: [
      "the app runs in its default configuration (every limit at its default); clients come from 127.0.0.2... at most 40 per address",
      `RSS connected is read ${SETTLE_MS / 1000} s after the last snapshot; RSS per connection = (RSS connected - RSS idle) / connections held`,
      "the app announces each arrival to the room (member:joined with the full member list); the reference sends only the snapshot",
      ...generatorNotes(app, reference),
      ...contentionNotes(app, reference),
    ],
    figures: figures(requested),
    app,
    reference,
    failures,
  };
}
