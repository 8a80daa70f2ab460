/**
 * changes: members of busy rooms edit their own messages and toggle reactions on the others' at a
 * saturating rate, on the app and on the reference (which applies the same changes to messages it
 * keeps in memory, and sends the same broadcasts). After every round, once every ack and owed
 * message:updated has arrived, each member's copy of every message is compared with the server's, and
 * the last acked change of every key (load/change-member.ts) is looked for in the server's state.
 */
import { createRooms } from "../addresses";
import { createChangeLoad } from "../load/changes-driver";
import { EDIT_SHARE, EMOJI } from "../load/change-member";
import { openCpuWindow, rssMb, sampleRss, type CpuWindow } from "../proc-stats";
import type { ScenarioResult } from "../report";
import type { RunningServer } from "../servers";
import { CHANGE_FIGURES, changeMetrics, type ChangeRun } from "./change-figures";
import { changeFailures, contentionNotes, generatorNotes, machineNotes } from "./checks";
import { readRooms } from "./change-truth";
import { RAISED_MESSAGE_LIMITS, memberSpecs, onBothServersInRounds, raisedLimitsNote, type RoundSession, type ScenarioContext } from "./context";
import { roundsNote } from "./messages";

/** Messages each member sends before the changes start, and change requests it keeps in flight. */
export const SEED_PER_MEMBER = 5;
export const WINDOW = 2;

/**
 * The message limits (the seeding sends, and edit text counts against the address's budget), the
 * change limit itself, and the history limit for the reads of the check after every round.
 */
export const RAISED_CHANGE_LIMITS: Record<string, string> = {
  ...RAISED_MESSAGE_LIMITS,
  RATE_CHANGES_PER_10S: "10000000",
  RATE_HISTORY_PER_MINUTE: "10000000",
};

/** One server set up for the scenario: rooms created, members connected, messages sent and seen by all. */
async function openChanges(ctx: ScenarioContext, server: RunningServer): Promise<RoundSession> {
  const pids = server.processes.map(({ pid }) => pid);
  const rss = sampleRss(pids);
  const load = createChangeLoad(server.processes.map(({ url }) => url), ctx.workers, { seedPerMember: SEED_PER_MEMBER, window: WINDOW });
  const close = async () => {
    rss.stop();
    await load.close();
  };
  try {
    const rooms = await createRooms(server.url, ctx.params.rooms);
    const specs = memberSpecs(rooms, ctx.params.members);
    const connect = await load.connect(specs);
    const seed = await load.seed();
    ctx.log(`  ${server.kind}: ${connect.connected}/${specs.length} members connected; ${seed.acked}/${seed.sent} messages sent, seen by ${seed.settled} members`);
    const run: ChangeRun = { clients: specs.length, connected: connect.connected, seeded: seed.acked, seedSent: seed.sent, settled: seed.settled, rounds: [], checks: [], rssPeakMb: 0, rssConnectedMb: rssMb(pids) };
    return {
      async round(durationMs) {
        let closeWindow = openCpuWindow(pids, server.backingCpuS);
        let cpu: CpuWindow | undefined;
        const round = await load.round(durationMs, { onStart: () => (closeWindow = openCpuWindow(pids, server.backingCpuS)), onWindowEnd: () => (cpu = closeWindow()) });
        run.rounds.push({ load: round, cpu: cpu ?? closeWindow() });
        const check = await load.verify(await readRooms(server.url, rooms));
        run.checks.push(check);
        ctx.log(`  ${server.kind}: round ${run.rounds.length}, ${round.windowAcked} changes acked in ${(round.windowMs / 1000).toFixed(1)} s; ${round.received}/${round.expected} updates so far; ${check.converged}/${check.clients} clients converged, ${check.lost} of ${check.checked} acked changes lost`);
        for (const example of check.examples) ctx.log(`    differs: ${example}`);
      },
      metrics: () => changeMetrics({ ...run, rssPeakMb: rss.peakMb() }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function runChanges(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { rooms, members, durationS, rate } = ctx.params;
  const { app, reference } = await onBothServersInRounds(ctx, RAISED_CHANGE_LIMITS, (server) => openChanges(ctx, server), { REFERENCE_KEEP_MESSAGES: "1" });
  const notes = [
    raisedLimitsNote(RAISED_CHANGE_LIMITS, "the message, change and history limits, raised for this saturating scenario"),
    ...(rate > 0 ? [`--rate ${rate} does not apply: this scenario always saturates`] : []),
    roundsNote(ctx),
    `each member first sends ${SEED_PER_MEMBER} messages, then keeps ${WINDOW} changes in flight: ${EDIT_SHARE * 100}% edits of its own messages, the rest add or remove one of ${EMOJI.length} emoji on another member's`,
    "the reference keeps the messages in memory (REFERENCE_KEEP_MESSAGES=1) and acks and broadcasts each change as the app does; neither server's check reads fall in a sending window",
    "after every round: lost = keys whose last acked change is not in the server's state; not converged = clients holding any message in another state than the server's (the worst round counts)",
    ...generatorNotes(app, reference),
    ...machineNotes(app, reference),
    ...contentionNotes(app, reference),
  ];
  return {
    name: "changes",
    summary: `${rooms} room(s) x ${members} members, saturating (${WINDOW} changes in flight per member), ${durationS} s, ${ctx.workers} load worker(s)`,
    params: ctx.params,
    notes,
    figures: CHANGE_FIGURES,
    app,
    reference,
    failures: ctx.quick ? changeFailures(app, reference, SEED_PER_MEMBER) : [],
  };
}
