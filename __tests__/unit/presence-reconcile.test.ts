/**
 * Reconciliation's pure parts (which connections are ghosts, in batches) and when the upkeep loop
 * runs it: after Redis answers again following a failure, and every reconcileEveryMs as insurance.
 */
import type { PresenceEvents } from "@/lib/rooms/presence";
import { startUpkeep, type Upkeep } from "@/lib/rooms/presence-upkeep";
import { batches, ghostConnections } from "@/lib/rooms/redis-reconcile";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ghostConnections", () => {
  it("keeps what Redis holds and no live socket backs, each once", () => {
    expect(ghostConnections(["a", "b", "c", "b", "d"], new Set(["a", "c", "x"]))).toEqual(["b", "d"]);
  });

  it("finds none when every held connection is live, and all when none is", () => {
    expect(ghostConnections(["a", "b"], ["b", "a"])).toEqual([]);
    expect(ghostConnections(["a", "b"], [])).toEqual(["a", "b"]);
  });
});

describe("batches", () => {
  it("splits into runs of at most the size, in order", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 2)).toEqual([]);
  });
});

describe("the upkeep's reconciliation", () => {
  const running: Upkeep[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((upkeep) => upkeep.stop()));
  });

  function upkeep(reconcileEveryMs: number, reconcile: () => Promise<void>) {
    const state = { redisUp: true, failures: 0 };
    const events: PresenceEvents = { departed: () => undefined, evicted: () => undefined, failed: () => (state.failures += 1) };
    const beat = () => (state.redisUp ? Promise.resolve(true) : Promise.reject(new Error("Redis is unreachable")));
    running.push(startUpkeep({ intervalMs: 10, timeoutMs: 60_000, beat, sweep: () => Promise.resolve([]), reconcile, reconcileEveryMs, events }));
    return state;
  }

  it("runs once Redis answers again after a failure, and not while it fails", async () => {
    let runs = 0;
    const state = upkeep(60_000, () => Promise.resolve(void (runs += 1)));
    await sleep(100);
    expect(runs).toBe(0); // a new instance holds nothing to reconcile
    state.redisUp = false;
    await sleep(100);
    expect(state.failures).toBe(1);
    expect(runs).toBe(0);
    state.redisUp = true;
    await sleep(100);
    expect(runs).toBe(1);
  });

  it("runs every reconcileEveryMs without a failure", async () => {
    let runs = 0;
    upkeep(50, () => Promise.resolve(void (runs += 1)));
    await sleep(300);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(runs).toBeLessThanOrEqual(6);
  });

  it("tries again at the next tick when the reconciliation itself fails", async () => {
    let calls = 0;
    const state = upkeep(60_000, () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error("Redis went away again")) : Promise.resolve();
    });
    state.redisUp = false;
    await sleep(50);
    state.redisUp = true;
    await sleep(150);
    expect(calls).toBe(2); // after the outage it failed; at the next tick it ran again, then not any more
    expect(state.failures).toBe(2);
  });
});
