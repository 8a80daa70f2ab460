/**
 * The presence registry shared by every instance, in Redis (REDIS_URL). Same behaviour as the
 * in-process one (both pass __tests__/presence-contract.ts); the scripts that make it atomic are in
 * ./redis-presence-scripts.ts.
 *
 * What one process never had to handle: an instance that dies. Every connection is recorded with
 * the id of the instance that holds it, and every instance sends a heartbeat. Instances that stay
 * silent for `instanceTimeoutMs` are swept by the survivors: their connections are released as
 * closed at the last heartbeat, and members left without a connection depart once their grace
 * period is over, announced by whichever survivor swept them. A member on a dead instance is
 * therefore announced gone within max(instanceTimeoutMs, graceMs) plus one upkeep tick.
 *
 * A live instance can hold ghosts too: connections whose release was lost while Redis was away. The
 * upkeep reconciles them (./redis-reconcile.ts) once Redis answers again, and every `reconcileEveryMs`.
 */
import type { Redis } from "ioredis";
import type { Member } from "../protocol";
import { nameKey } from "./name-key";
import { luaScript, stringList } from "../redis/script";
import { DomainError } from "../errors";
import { startUpkeep, type Upkeep } from "./presence-upkeep";
import { reconcileInstance } from "./redis-reconcile";
import { UNCAPPED, byName, listed, type ClaimResult, type ConnectionCaps, type PresenceRegistry } from "./presence";
import { BEAT, CLAIM, DEPART, RELEASE, RETIRE, SWEEP } from "./redis-presence-scripts";

export interface RedisPresenceOptions {
  client: Redis;
  /** Key prefix, so that several deployments (or tests) can share one Redis. */
  prefix: string;
  /** This process's id, unique among instances (a UUID per start). */
  instanceId: string;
  caps?: ConnectionCaps;
  /** Silence after which an instance is taken for dead and its connections released. */
  instanceTimeoutMs: number;
  /** PRESENCE_GRACE_MS: how long a holder without connections stays before the sweep departs it. */
  graceMs: number;
  /** How often this instance's connections are reconciled without a failure to prompt it (default: a minute). */
  reconcileEveryMs?: number;
}

const scripts = {
  claim: luaScript(CLAIM),
  release: luaScript(RELEASE),
  depart: luaScript(DEPART),
  beat: luaScript(BEAT),
  sweep: luaScript(SWEEP),
  retire: luaScript(RETIRE),
};
/** Dead instances and due departures handled per sweep, so that one script never blocks Redis for long. */
const SWEEP_BATCH = 500;
/** Insurance only (failures prompt a reconciliation of their own), so rare: one HSCAN of this instance's index a minute. */
const RECONCILE_EVERY_MS = 60_000;

function parseClaim(reply: unknown): ClaimResult {
  const [status, name, arrived, resumed] = stringList(reply);
  if (status === "ok" && name !== undefined) return { ok: true, member: { name }, arrived: arrived === "1", resumed: resumed === "1" };
  if (status === "name_taken" || status === "room_full" || status === "address_full") return { ok: false, reason: status };
  // Between an eviction and the next heartbeat (which re-registers this instance): a retry will do.
  if (status === "unregistered") throw new DomainError("unavailable", "The server is reconnecting to its peers. Try again in a moment.");
  throw new Error(`unexpected claim reply: ${status}`);
}

function holderName(raw: string): Member {
  const parsed: unknown = JSON.parse(raw);
  const { name, conns } = typeof parsed === "object" && parsed !== null ? (parsed as { name?: unknown; conns?: unknown }) : {};
  if (typeof name !== "string" || typeof conns !== "number") throw new Error("malformed presence entry");
  return listed(name, conns);
}

export function createRedisPresence(options: RedisPresenceOptions): PresenceRegistry {
  const { client, prefix: P, instanceId, instanceTimeoutMs, graceMs } = options;
  const caps = options.caps ?? UNCAPPED;
  let upkeep: Upkeep | null = null;

  return {
    async claim(room, name, memberId, { id, address }) {
      const args = [P, room, nameKey(name), name, memberId, id, address, instanceId, caps.perAddress, caps.perRoom];
      let reply: unknown;
      try {
        reply = await scripts.claim(client, args);
      } catch {
        // Fail closed: without the shared registry no one can tell whether the name is free.
        throw new DomainError("unavailable", "The chat is briefly unavailable. Try again in a moment.");
      }
      return parseClaim(reply);
    },

    async release(room, connectionId) {
      const [name, last] = stringList(await scripts.release(client, [P, room, connectionId]));
      return name === undefined ? null : { member: { name }, lastConnection: last === "1" };
    },

    async depart(room, name, idleMs = 0) {
      const departed: unknown = await scripts.depart(client, [P, room, nameKey(name), idleMs]);
      return typeof departed === "string" ? { name: departed } : null;
    },

    async members(room) {
      return (await client.hvals(`${P}:names:${room}`)).map(holderName).sort(byName);
    },

    async start(events) {
      const live = events.liveConnections?.bind(events);
      upkeep ??= startUpkeep({
        intervalMs: Math.max(50, Math.floor(instanceTimeoutMs / 5)),
        timeoutMs: instanceTimeoutMs,
        beat: async () => (await scripts.beat(client, [P, instanceId])) === 1,
        sweep: async () => {
          const flat = stringList(await scripts.sweep(client, [P, instanceId, instanceTimeoutMs, graceMs, SWEEP_BATCH]));
          const departed: Array<{ room: string; member: Member }> = [];
          for (let i = 0; i + 1 < flat.length; i += 2) departed.push({ room: flat[i]!, member: { name: flat[i + 1]! } });
          return departed;
        },
        reconcile:
          live === undefined
            ? undefined
            : async () => {
                const count = await reconcileInstance({ client, prefix: P, instanceId }, live);
                if (count > 0) events.reconciled?.(count);
              },
        reconcileEveryMs: options.reconcileEveryMs ?? RECONCILE_EVERY_MS,
        events,
      });
      await upkeep.started;
    },

    async stop() {
      await upkeep?.stop();
      upkeep = null;
      await scripts.retire(client, [P, instanceId]);
    },
  };
}
