/**
 * Who is in which room, which names are taken, and how many connections each room and address holds.
 *
 * Name uniqueness needs an atomic check-and-claim. Socket.IO's fetchSockets() cannot give one: a
 * socket still in its handshake is not listed yet, so two people racing for one name would both pass.
 * The connection caps are counted here too, in the same atomic step, so that one source of truth
 * serves every instance. Two backends: this in-process one (one instance), and Redis
 * (./redis-presence.ts) when several instances share the rooms. Both pass __tests__/presence-contract.ts.
 *
 * A member whose last connection closes is not gone at once: it stays listed, and keeps its name,
 * until depart() is called. The caller waits a grace period first, so a reconnect does not flap.
 */
import type { Member } from "../protocol";
import { nameKey } from "./name-key";

export type ClaimResult =
  | {
      ok: true;
      member: Member;
      /** True if the member was not in the room (nor within its grace period). */
      arrived: boolean;
      /** True if the member was in its grace period (listed as reconnecting): it is present again. */
      resumed: boolean;
    }
  | { ok: false; reason: "name_taken" | "room_full" | "address_full" };

export interface ReleaseResult {
  member: Member;
  /** True if that was the member's last connection: call depart() now or after a grace period. */
  lastConnection: boolean;
}

/** One socket: its id, unique across instances, and the client address it counts against. */
export interface Connection {
  id: string;
  address: string;
}

/** Connection caps (MAX_CONNECTIONS_PER_IP, MAX_CONNECTIONS_PER_ROOM), checked atomically with the claim. */
export interface ConnectionCaps {
  perAddress: number;
  perRoom: number;
}

/** What the registry tells the realtime layer about changes it did not cause itself, and what it asks it. */
export interface PresenceEvents {
  /**
   * The ids of every connection this instance really has, those still in their handshake included.
   * A shared registry releases what it holds for this instance beyond these (a release lost to an
   * outage); without it, it cannot tell a ghost from a live connection and never does. Read at once.
   */
  liveConnections?(): Iterable<string>;
  /** Reconciliation released `count` (> 0) connections that no live one backed: their releases had been lost. */
  reconciled?(count: number): void;
  /** A member left without this instance seeing it go (its instance died, or stopped in its grace period): announce it. */
  departed(room: string, member: Member): void;
  /** Other instances took this one for dead and dropped its connections: every local socket must reconnect and claim again. */
  evicted(): void;
  /** Background upkeep failed (for example Redis is unreachable); it retries by itself. */
  failed(error: unknown): void;
}

export interface PresenceRegistry {
  /**
   * Claims `name` in `room` for `memberId` on `connection`; the same member may hold it many times.
   * Refused when the name is someone else's or a connection cap is reached.
   */
  claim(room: string, name: string, memberId: string, connection: Connection): Promise<ClaimResult>;
  release(room: string, connectionId: string): Promise<ReleaseResult | null>;
  /**
   * Removes the member if it still has no connection, and has had none for `idleMs` at least (default 0):
   * the grace timer of an earlier drop must not cut short the grace period of a later one. Returns the
   * member if it departed now, else null.
   */
  depart(room: string, name: string, idleMs?: number): Promise<Member | null>;
  /** Everyone present, members in their grace period included (with status "reconnecting"), sorted by name. */
  members(room: string): Promise<Member[]>;
  /**
   * Starts background upkeep (Redis: heartbeats, sweeping dead instances; the in-process registry has
   * none). Resolves once this instance is registered; claims made before that are refused `unavailable`.
   */
  start(events: PresenceEvents): Promise<void>;
  /** Stops the upkeep and hands this instance's connections over as closed (they enter their grace period). */
  stop(): Promise<void>;
}

export const UNCAPPED: ConnectionCaps = { perAddress: Number.MAX_SAFE_INTEGER, perRoom: Number.MAX_SAFE_INTEGER };

/** Sorts like every backend must: by name, with the same locale rules. */
export function byName(a: Member, b: Member): number {
  return a.name.localeCompare(b.name);
}

/** A member as lists show it: the status only when it is not plainly present, as the protocol says. */
export function listed(name: string, connections: number): Member {
  return connections > 0 ? { name } : { name, status: "reconnecting" };
}

interface Holder {
  name: string;
  memberId: string;
  connections: Set<string>;
  /** When its last connection closed (performance.now()). */
  idleSince: number;
}

export function createMemoryPresence(caps: ConnectionCaps = UNCAPPED): PresenceRegistry {
  // room -> name key -> holder; connection -> where it is, to release without a scan.
  const rooms = new Map<string, Map<string, Holder>>();
  const connections = new Map<string, { room: string; key: string; address: string }>();
  const perAddress = new Map<string, number>();
  const perRoom = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string, delta: number) => {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };

  return {
    claim(room, name, memberId, { id, address }) {
      if ((perAddress.get(address) ?? 0) >= caps.perAddress) return Promise.resolve({ ok: false, reason: "address_full" });
      if ((perRoom.get(room) ?? 0) >= caps.perRoom) return Promise.resolve({ ok: false, reason: "room_full" });
      const key = nameKey(name);
      const names = rooms.get(room) ?? new Map<string, Holder>();
      const holder = names.get(key);
      if (holder !== undefined && holder.memberId !== memberId) return Promise.resolve({ ok: false, reason: "name_taken" });
      const current = holder ?? { name, memberId, connections: new Set<string>(), idleSince: 0 };
      current.connections.add(id);
      names.set(key, current);
      rooms.set(room, names);
      connections.set(id, { room, key, address });
      add(perAddress, address, 1);
      add(perRoom, room, 1);
      const resumed = holder !== undefined && holder.connections.size === 1;
      return Promise.resolve({ ok: true, member: { name: current.name }, arrived: holder === undefined, resumed });
    },

    release(room, connectionId) {
      const where = connections.get(connectionId);
      if (where === undefined || where.room !== room) return Promise.resolve(null);
      connections.delete(connectionId);
      add(perAddress, where.address, -1);
      add(perRoom, room, -1);
      const holder = rooms.get(room)?.get(where.key);
      if (holder === undefined) return Promise.resolve(null);
      holder.connections.delete(connectionId);
      if (holder.connections.size === 0) holder.idleSince = performance.now();
      return Promise.resolve({ member: { name: holder.name }, lastConnection: holder.connections.size === 0 });
    },

    depart(room, name, idleMs = 0) {
      const names = rooms.get(room);
      const key = nameKey(name);
      const holder = names?.get(key);
      if (names === undefined || holder === undefined || holder.connections.size > 0) return Promise.resolve(null);
      if (performance.now() - holder.idleSince < idleMs) return Promise.resolve(null);
      names.delete(key);
      if (names.size === 0) rooms.delete(room);
      return Promise.resolve({ name: holder.name });
    },

    members(room) {
      const holders = [...(rooms.get(room)?.values() ?? [])];
      return Promise.resolve(holders.map((holder) => listed(holder.name, holder.connections.size)).sort(byName));
    },

    // One process holds everything: nothing can die behind its back.
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
