/**
 * The presence ledger, for a single instance (no Redis): the in-process registry forgets everything
 * when the process stops, so a restarted server would announce every member who reconnects as joined,
 * and nobody who does not as left. The ledger keeps who is present in the store (present_members), and
 * a restarted server restores those members as if their connection had just dropped: listed as
 * reconnecting, their names held, departing (announced as left, once) unless they come back within
 * the grace period. With Redis the registry itself outlives any one instance and needs no ledger.
 *
 * Arrivals and departures are written together every FLUSH_MS rather than one by one: a join then
 * costs no extra commit. A SIGKILL loses what that window held (docs/protocol.md, Presence).
 */
import type { Member } from "../protocol";
import type { ChatStore, PresentMember } from "../store/types";
import { nameKey } from "./name-key";
import type { PresenceRegistry } from "./presence";

/** Long enough to share one commit between the joins of a burst, short enough that a crash loses little. */
const FLUSH_MS = 500;

type Gone = Pick<PresentMember, "roomCode" | "nameKey">;

export interface LedgerOptions {
  store: Pick<ChatStore, "presentMembers" | "recordPresence">;
  /** PRESENCE_GRACE_MS: how long a restored member has to come back. */
  graceMs: number;
  /** A write of the ledger failed; it is tried again with the next one. */
  failed(error: unknown): void;
  flushMs?: number;
}

/**
 * Wraps an in-process registry: restores the members the store says were present (a restart), then
 * records every arrival and departure. Resolves once the restored members hold their names.
 */
export async function withPresenceLedger(inner: PresenceRegistry, options: LedgerOptions): Promise<PresenceRegistry> {
  const { store, graceMs, failed, flushMs = FLUSH_MS } = options;
  const recorded = await store.presentMembers();
  const held = await restore(inner, recorded);
  // The restored members not back yet: at the end of the grace period they are gone. One who came back
  // and dropped again has a grace period of its own, which the realtime layer times.
  const restored = new Map(held.map((member) => [keyOf(member), member]));
  const restoredAt = performance.now();
  // Room and name key -> the record to write: the member present, or "gone".
  const pending = new Map<string, PresentMember | Gone>();
  let timer: NodeJS.Timeout | null = null;
  let departures: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  const flush = (): Promise<void> => {
    timer = null;
    if (pending.size === 0) return writing;
    const batch = [...pending.values()];
    pending.clear();
    writing = writing
      .then(() => store.recordPresence(batch.filter(isPresent), batch.filter((entry) => !isPresent(entry))))
      .catch((error: unknown) => {
        // Put back what no newer change replaced, and try again with the next write.
        for (const entry of batch) if (!pending.has(keyOf(entry))) pending.set(keyOf(entry), entry);
        failed(error);
        schedule();
      });
    return writing;
  };
  const schedule = () => {
    if (timer === null && !stopped) timer = setTimeout(() => void flush(), flushMs).unref();
  };
  const note = (entry: PresentMember | Gone) => {
    pending.set(keyOf(entry), entry);
    schedule();
  };

  // A record the registry refused (a cap lowered since) holds nobody: forget it.
  for (const member of recorded) if (!held.includes(member)) note({ roomCode: member.roomCode, nameKey: member.nameKey });

  const registry: PresenceRegistry = {
    async claim(room, name, memberId, connection) {
      const claim = await inner.claim(room, name, memberId, connection);
      if (claim.ok) restored.delete(keyOf({ roomCode: room, nameKey: nameKey(claim.member.name) }));
      if (claim.ok && claim.arrived) note({ roomCode: room, nameKey: nameKey(claim.member.name), memberId, name: claim.member.name });
      return claim;
    },
    release: (room, connectionId) => inner.release(room, connectionId),
    async depart(room, name, idleMs) {
      const departed = await inner.depart(room, name, idleMs);
      if (departed !== null) note({ roomCode: room, nameKey: nameKey(departed.name) });
      return departed;
    },
    members: (room) => inner.members(room),
    async start(events) {
      await inner.start(events);
      // Whoever has not come back by the end of the grace period is gone: announce it, once.
      const due = Math.max(0, restoredAt + graceMs - performance.now());
      departures = setTimeout(() => {
        for (const { roomCode, name } of restored.values()) {
          const announce = (member: Member | null) => {
            if (member !== null) events.departed(roomCode, member);
          };
          registry.depart(roomCode, name).then(announce, events.failed);
        }
      }, due).unref();
    },
    async stop() {
      await inner.stop();
      stopped = true;
      if (departures !== null) clearTimeout(departures);
      if (timer !== null) clearTimeout(timer);
      await flush();
    },
  };
  return registry;
}

/** Gives each recorded member its name back without a connection, as a drop would leave it. */
async function restore(inner: PresenceRegistry, recorded: readonly PresentMember[]): Promise<PresentMember[]> {
  const held: PresentMember[] = [];
  for (const member of recorded) {
    const id = `restored:${member.roomCode}:${member.nameKey}`;
    const claim = await inner.claim(member.roomCode, member.name, member.memberId, { id, address: "" });
    if (!claim.ok) continue;
    await inner.release(member.roomCode, id);
    held.push(member);
  }
  return held;
}

function isPresent(entry: PresentMember | Gone): entry is PresentMember {
  return "memberId" in entry;
}

function keyOf(entry: Gone): string {
  return `${entry.roomCode}\n${entry.nameKey}`;
}
