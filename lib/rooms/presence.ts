/**
 * Who is in which room, and which names are taken.
 *
 * Name uniqueness needs an atomic check-and-claim. Socket.IO's fetchSockets() cannot give one: a
 * socket still in its handshake is not listed yet, so two people racing for one name would both pass.
 * The registry is an interface so that a shared backend (Redis) can replace this in-process one when
 * the app runs as several instances; the in-process one is created by the composition root, not held
 * in a module-level variable.
 */
import { nameKey, type Member } from "../protocol";

export type ClaimResult =
  | { ok: true; member: Member; /** True if this is the member's first connection in the room. */ arrived: boolean }
  | { ok: false; reason: "name_taken" };

export interface ReleaseResult {
  member: Member;
  /** True if that was the member's last connection: the member has left the room. */
  departed: boolean;
}

export interface PresenceRegistry {
  /** Claims `name` in `room` for `memberId` on connection `connectionId`; the same member may hold it many times. */
  claim(room: string, name: string, memberId: string, connectionId: string): Promise<ClaimResult>;
  release(room: string, connectionId: string): Promise<ReleaseResult | null>;
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

  const list = (room: string): Member[] =>
    [...(rooms.get(room)?.values() ?? [])]
      .map((holder) => ({ name: holder.name }))
      .sort((a, b) => a.name.localeCompare(b.name));

  return {
    claim(room, name, memberId, connectionId) {
      const key = nameKey(name);
      const names = rooms.get(room) ?? new Map<string, Holder>();
      const holder = names.get(key);
      if (holder !== undefined && holder.memberId !== memberId) {
        return Promise.resolve({ ok: false, reason: "name_taken" });
      }
      const arrived = holder === undefined;
      const current = holder ?? { name, memberId, connections: new Set<string>() };
      current.connections.add(connectionId);
      names.set(key, current);
      rooms.set(room, names);
      connections.set(connectionId, { room, key });
      return Promise.resolve({ ok: true, member: { name: current.name }, arrived });
    },

    release(room, connectionId) {
      const where = connections.get(connectionId);
      if (where === undefined || where.room !== room) return Promise.resolve(null);
      connections.delete(connectionId);
      const names = rooms.get(room);
      const holder = names?.get(where.key);
      if (names === undefined || holder === undefined) return Promise.resolve(null);
      holder.connections.delete(connectionId);
      const departed = holder.connections.size === 0;
      if (departed) names.delete(where.key);
      if (names.size === 0) rooms.delete(room);
      return Promise.resolve({ member: { name: holder.name }, departed });
    },

    members(room) {
      return Promise.resolve(list(room));
    },
  };
}
