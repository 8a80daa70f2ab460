/**
 * The delivery chaos run, shared by the one-instance test (chaos/) and the two-instance one (scale/):
 * many browser clients (the real RoomSession) in a few rooms send messages while instances are
 * SIGKILLed and restarted and client connections drop at random. Every other client is also a resender
 * (send-ledger.ts): after each reconnect it sends again what it was never answered, so the server sees
 * sends it already stored. Every client also edits, deletes and reacts now and then (chaos-changes.ts).
 * It returns what every client ended up showing and was answered against what the database holds; the
 * test files assert on it.
 */
import { io } from "socket.io-client";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";
import { RoomSession, type ChatClientSocket } from "@/lib/client/room-session";
import type { Message } from "@/lib/protocol";
import { createRoom, storedHistory } from "../integration/harness";
import { changeProblems, divergent, maybeChange, recordChangeAcks, type ChangeAck } from "./chaos-changes";
import { instrument, verify } from "./chaos-checks";
import { SendLedger, resendAfterReconnect } from "./send-ledger";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export interface ChaosSizes {
  clients: number;
  rooms: number;
  perClient: number;
  kills: number;
}

/** The sizes, from CHAOS_CLIENTS, CHAOS_ROOMS, CHAOS_MESSAGES_PER_CLIENT and CHAOS_KILLS when set. */
export function chaosSizes(defaultKills: number): ChaosSizes {
  return {
    clients: Number(process.env.CHAOS_CLIENTS ?? 20),
    rooms: Number(process.env.CHAOS_ROOMS ?? 4),
    perClient: Number(process.env.CHAOS_MESSAGES_PER_CLIENT ?? 100),
    kills: Number(process.env.CHAOS_KILLS ?? defaultKills),
  };
}

export interface ChaosTarget {
  /** Where clients connect: the server, or a load balancer in front of several. */
  clientUrl: string;
  /** An instance that is up, for HTTP reads and room creation. */
  httpUrl(): string;
  /** SIGKILLs one instance (which one may depend on `kill`, 1-based) and starts it again. */
  killAndRestart(kill: number): Promise<void>;
}

export interface ChaosClient {
  session: RoomSession;
  socket: ChatClientSocket;
  room: string;
  typed: string[];
  /** The clientIds of what it typed, in order. */
  typedIds: string[];
  /** Edits, deletions and reactions it made. */
  changes: number;
  ledger: SendLedger;
  /** Whether it resends after every reconnect whatever the snapshot says (send-ledger.ts). */
  resends: boolean;
}

const ACK_TIMEOUT_MS = 2_000;

type Counters = { attempts: Map<string, number>; acked: Set<string>; changeAcks: ChangeAck[] };

async function openClients(target: ChaosTarget, sizes: ChaosSizes, clients: ChaosClient[], counters: Counters) {
  const rooms = await Promise.all(Array.from({ length: sizes.rooms }, () => createRoom(target.httpUrl())));
  for (let i = 0; i < sizes.clients; i += 1) {
    const room = rooms[i % sizes.rooms]!;
    const ledger = new SendLedger(`client ${i}`);
    const resends = i % 2 === 1;
    let socket: ChatClientSocket | undefined;
    const session = new RoomSession({
      code: room,
      name: `client-${i}`,
      memberToken: `chaos-token-${i}-${crypto.randomUUID()}`,
      outboxStorage: memoryOutboxStorage(),
      ackTimeoutMs: ACK_TIMEOUT_MS,
      connect: (auth) => {
        const options = { auth, autoConnect: false, transports: ["websocket"], reconnectionDelay: random(50, 300), reconnectionDelayMax: 1_000 };
        socket = instrument(io(target.clientUrl, options), counters.attempts, counters.acked, ledger);
        recordChangeAcks(socket, i, counters.changeAcks);
        if (resends) resendAfterReconnect(socket, ledger, ACK_TIMEOUT_MS);
        return socket;
      },
    });
    await session.open();
    clients.push({ session, socket: socket!, room, typed: [], typedIds: [], changes: 0, ledger, resends });
  }
  return rooms;
}

/** Every client types at a human-but-busy pace while instances die and connections drop, as on a train. */
async function mayhem(target: ChaosTarget, sizes: ChaosSizes, clients: ChaosClient[]) {
  const total = sizes.clients * sizes.perClient;
  const typedSoFar = () => clients.reduce((sum, c) => sum + c.typed.length, 0);
  const typing = clients.map(async (client, index) => {
    for (let n = 1; n <= sizes.perClient; n += 1) {
      const text = `client ${index} message ${n}`;
      const result = await client.session.send(text);
      if (!result.ok) throw new Error(`send refused locally: ${result.error.message}`);
      client.typed.push(text);
      client.typedIds.push(result.data.clientId);
      await maybeChange(client, index, 0.4);
      await sleep(random(20, 80));
    }
  });
  let restarts = 0;
  let drops = 0;
  const kills = (async () => {
    for (let kill = 1; kill <= sizes.kills; kill += 1) {
      // Kill when about kill/(kills+1) of the messages have been typed, so writes are always in flight.
      while (typedSoFar() < (total * kill) / (sizes.kills + 1)) await sleep(20);
      await target.killAndRestart(kill);
      restarts += 1;
    }
  })();
  const dropping = (async () => {
    while (typedSoFar() < total || restarts < sizes.kills) {
      await sleep(random(20, 80));
      const victim = clients[random(0, clients.length - 1)]!;
      if (victim.socket.connected) {
        victim.socket.io.engine.close(); // the transport dies without a goodbye
        drops += 1;
      }
    }
  })();
  await Promise.all([...typing, kills, dropping]);
  return { restarts, drops };
}

/**
 * Waits for every outbox to drain, every resender to have had each of its sends answered (a resend that
 * lost its connection goes again), and every view to reach its room's last stored message. What did not
 * settle is left for verify() to report.
 */
async function settle(target: ChaosTarget, rooms: string[], clients: ChaosClient[]): Promise<Map<string, Message[]>> {
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => c.session.unsent() > 0) && Date.now() < deadline) await sleep(100);
  const unsettled = () => clients.filter((c) => c.resends && (c.ledger.inFlight > 0 || c.ledger.unanswered().length > 0));
  for (let waiting = unsettled(); waiting.length > 0 && Date.now() < deadline; waiting = unsettled()) {
    for (const { ledger, socket } of waiting) if (ledger.inFlight === 0 && socket.connected) ledger.resendAll(ACK_TIMEOUT_MS);
    await sleep(100);
  }
  const stored = new Map<string, Message[]>();
  for (const room of rooms) stored.set(room, await storedHistory(target.httpUrl(), room));
  while (clients.some((c) => c.session.getSnapshot().messages.length < (stored.get(c.room)?.length ?? 0)) && Date.now() < deadline) {
    await sleep(100);
  }
  // Changes reach a client live or by its change catch-up; give the last ones time to arrive.
  while (divergent(stored, clients).length > 0 && Date.now() < deadline) await sleep(100);
  return stored;
}

/** Runs the chaos; `clients` is filled as they open, so the caller can close them whatever happens. */
export async function runDeliveryChaos(target: ChaosTarget, sizes: ChaosSizes, clients: ChaosClient[]) {
  const counters: Counters = { attempts: new Map(), acked: new Set(), changeAcks: [] };
  const rooms = await openClients(target, sizes, clients, counters);
  const { restarts, drops } = await mayhem(target, sizes, clients);
  const stored = await settle(target, rooms, clients);
  const { problems, missing, duplicates } = verify(stored, clients);
  const outboxes = clients.reduce((sum, c) => sum + c.session.unsent(), 0);
  if (outboxes > 0) problems.unshift(`${outboxes} messages or changes still in outboxes 60 s after the chaos ended`);
  const differing = divergent(stored, clients);
  if (differing.length > 0) problems.push(`${differing.length} copies of messages differ from the database, e.g. client ${differing[0]!.index}'s ${differing[0]!.id}`);
  problems.push(...changeProblems(stored, counters.changeAcks));
  const all = [...stored.values()].flat();
  const attempts = [...counters.attempts.values()];
  const resenders = clients.filter((c) => c.resends).map((c) => c.ledger);
  return {
    problems,
    report: {
      clients: sizes.clients,
      rooms: sizes.rooms,
      typed: clients.reduce((sum, c) => sum + c.typed.length, 0),
      acked: counters.acked.size,
      stored: [...stored.values()].reduce((sum, messages) => sum + messages.length, 0),
      retried: attempts.filter((count) => count > 1).length,
      sendAttempts: attempts.reduce((a, b) => a + b, 0),
      restarts,
      drops,
      resenders: resenders.length,
      resends: resenders.reduce((sum, l) => sum + l.resends, 0),
      resendsAnswered: resenders.reduce((sum, l) => sum + l.resendsAnswered, 0),
      resendsOfAnswered: resenders.reduce((sum, l) => sum + l.resendsOfAnswered, 0),
      missing,
      duplicates,
      changesMade: clients.reduce((sum, c) => sum + c.changes, 0),
      changesAcked: counters.changeAcks.length,
      edited: all.filter((m) => m.editedAt !== null).length,
      deleted: all.filter((m) => m.deletedAt !== null).length,
      reactions: all.reduce((sum, m) => sum + m.reactions.reduce((n, r) => n + r.names.length, 0), 0),
      copiesCompared: clients.reduce((sum, c) => sum + c.session.getSnapshot().messages.length, 0),
      copiesDiffering: differing.length,
    },
  };
}
