/**
 * Who is in which room, and which names are taken.
 *
 * Name uniqueness needs an atomic check-and-claim. Socket.IO's fetchSockets() cannot give one: a
 * socket still in its handshake is not listed yet, so two people racing for one name would both pass.
 * The registry is an interface so that a shared backend (Redis) can replace this in-process one when
 * the app runs as several instances; the in-process one is created by the composition root, not held
 * in a module-level variable.
 *
 * A member whose last connection closes is not gone at once: it stays listed, and keeps its name,
 * until depart() is called. The caller waits a grace period first, so a reconnect does not flap.
 */
import { nameKey, type Member } from "../protocol";

export type ClaimResult =
  | { ok: true; member: Member; /** True if the member was not in the room (nor within its grace period). */ arrived: boolean }
  | { ok: false; reason: "name_taken" };

export interface ReleaseResult {
  member: Member;
  /** True if that was the member's last connection: call depart() now or after a grace period. */
  lastConnection: boolean;
}

export interface PresenceRegistry {
  /** Claims `name` in `room` for `memberId` on connection `connectionId`; the same member may hold it many times. */
  claim(room: string, name: string, memberId: string, connectionId: string): Promise<ClaimResult>;
  release(room: string, connectionId: string): Promise<ReleaseResult | null>;
  /** Removes the member if it still has no connection; returns it if it departed now, else null. */
  depart(room: string, name: string): Promise<Member | null>;
  /** Everyone present, members in their grace period included, sorted by name. */
  members(room: string): Promise<Member[]>;
}

interface Holder {
  name: string;
  memberId: string;
  connections: Set<string>;
}

export function createMemoryPresence(): PresenceRegistry {
  // room -> name key -> holder; connection -> where it is, to release without a scan.
  const rooms = new Map<string, Map<string, Holder>>();
  const connections = new Map<string, { room: string; key: string }>();

  return {
    claim(room, name, memberId, connectionId) {
      const key = nameKey(name);
      const names = rooms.get(room) ?? new Map<string, Holder>();
      const holder = names.get(key);
      if (holder !== undefined && holder.memberId !== memberId) {
        return Promise.resolve({ ok: false, reason: "name_taken" });
      }
      const current = holder ?? { name, memberId, connections: new Set<string>() };
      current.connections.add(connectionId);
      names.set(key, current);
      rooms.set(room, names);
      connections.set(connectionId, { room, key });
      return Promise.resolve({ ok: true, member: { name: current.name }, arrived: holder === undefined });
    },

    release(room, connectionId) {
      const where = connections.get(connectionId);
      if (where === undefined || where.room !== room) return Promise.resolve(null);
      connections.delete(connectionId);
      const holder = rooms.get(room)?.get(where.key);
      if (holder === undefined) return Promise.resolve(null);
      holder.connections.delete(connectionId);
      return Promise.resolve({ member: { name: holder.name }, lastConnection: holder.connections.size === 0 });
    },

    depart(room, name) {
      const names = rooms.get(room);
      const key = nameKey(name);
      const holder = names?.get(key);
      if (names === undefined || holder === undefined || holder.connections.size > 0) return Promise.resolve(null);
      names.delete(key);
      if (names.size === 0) rooms.delete(room);
      return Promise.resolve({ name: holder.name });
    },

    members(room) {
      const holders = [...(rooms.get(room)?.values() ?? [])];
      return Promise.resolve(holders.map((holder) => ({ name: holder.name })).sort((a, b) => a.name.localeCompare(b.name)));
    },
  };
}
