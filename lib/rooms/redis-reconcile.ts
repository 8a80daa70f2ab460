/**
 * Reconciliation: makes what Redis holds for this instance (P:inst:ID) match the sockets it really
 * has. A release that fails while Redis is unreachable is retried for a while and then given up
 * (lib/realtime/presence-handlers.ts); its connection would keep its member listed, its name taken
 * and its share of the connection caps for as long as this instance runs, since the sweep only
 * clears up after dead instances. So once Redis answers again, and from time to time as insurance,
 * the upkeep (./presence-upkeep.ts) releases every connection Redis holds that no local socket backs.
 *
 * Order matters, because a join claims in Redis before its socket is connected: the ids are read
 * from Redis first and the live ones asked for after. A connection claimed after the read is not a
 * candidate; one claimed before it belongs to a socket that the caller already lists as live (it
 * lists sockets still in their handshake too), unless that socket has closed since.
 */
import type { Redis } from "ioredis";
import { luaScript } from "../redis/script";
import { RECONCILE } from "./redis-presence-scripts";

const script = luaScript(RECONCILE);
/** Connection ids per HSCAN page and per release script, so that no single step blocks Redis for long. */
const BATCH = 500;

export interface ReconcileTarget {
  client: Redis;
  prefix: string;
  instanceId: string;
}

/** The connections Redis holds that no live socket backs, each once. */
export function ghostConnections(held: Iterable<string>, live: Iterable<string>): string[] {
  const alive = new Set(live);
  return [...new Set(held)].filter((id) => !alive.has(id));
}

/** Splits ids into runs of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}

/** Every connection id Redis holds for the instance, read in pages (HSCAN may repeat an id). */
async function heldConnections({ client, prefix, instanceId }: ReconcileTarget): Promise<string[]> {
  const ids: string[] = [];
  let cursor = "0";
  do {
    const [next, flat] = await client.hscan(`${prefix}:inst:${instanceId}`, cursor, "COUNT", BATCH);
    for (let i = 0; i < flat.length; i += 2) ids.push(flat[i]!);
    cursor = next;
  } while (cursor !== "0");
  return ids;
}

/**
 * Releases the instance's connections that `liveConnections` does not list; returns how many.
 * Costs one HSCAN page per 500 connections the instance holds, plus one script per 500 ghosts.
 */
export async function reconcileInstance(target: ReconcileTarget, liveConnections: () => Iterable<string>): Promise<number> {
  const held = await heldConnections(target);
  if (held.length === 0) return 0;
  let released = 0;
  for (const run of batches(ghostConnections(held, liveConnections()), BATCH)) {
    released += Number(await script(target.client, [target.prefix, target.instanceId, ...run]));
  }
  return released;
}
