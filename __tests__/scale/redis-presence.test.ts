/**
 * The Redis presence registry against a real redis-server: the same contract as the in-process one,
 * then what only several instances can do (race each other, die, be taken for dead, stop cleanly).
 */
import { randomUUID } from "node:crypto";
import { createLogger } from "@/lib/logger";
import type { Member } from "@/lib/protocol";
import { connectRedis, type RedisConnections } from "@/lib/redis/connect";
import type { ConnectionCaps, PresenceEvents, PresenceRegistry } from "@/lib/rooms/presence";
import { createRedisPresence } from "@/lib/rooms/redis-presence";
import { runPresenceContract } from "../presence-contract";
import { startRedis, type RedisServer } from "../../tooling/redis";

const TIMEOUT_MS = 1_000;
const GRACE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (id: string, address = "10.0.0.1") => ({ id, address });

interface Instance {
  presence: PresenceRegistry;
  connections: RedisConnections;
  departed: Array<{ room: string; member: Member; at: number }>;
  evictions: number;
  failures: number;
}

let redis: RedisServer;
const running: Instance[] = [];

async function instance(prefix: string, caps?: ConnectionCaps, server = redis): Promise<Instance> {
  const connections = await connectRedis(server.url, createLogger("silent"));
  const presence = createRedisPresence({ client: connections.state, prefix, instanceId: randomUUID(), caps, instanceTimeoutMs: TIMEOUT_MS, graceMs: GRACE_MS });
  const self: Instance = { presence, connections, departed: [], evictions: 0, failures: 0 };
  const events: PresenceEvents = {
    departed: (room, member) => self.departed.push({ room, member, at: Date.now() }),
    evicted: () => (self.evictions += 1),
    failed: () => (self.failures += 1),
  };
  await presence.start(events);
  running.push(self);
  return self;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const { presence, connections } of running) {
    await presence.stop().catch(() => undefined);
    await connections.close();
  }
  await redis.stop();
});

runPresenceContract("Redis", async (caps) => (await instance(`contract-${randomUUID()}`, caps)).presence);

describe("Redis presence across instances", () => {
  it("lets exactly one of two instances win a name claimed on both at once", async () => {
    const prefix = `race-${randomUUID()}`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    for (let round = 0; round < 10; round += 1) {
      const claims = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).presence.claim("R1", `Name${round}`, `m${round}-${i}`, at(`c${round}-${i}`)));
      expect((await Promise.all(claims)).filter((claim) => claim.ok)).toHaveLength(1);
    }
  });

  it("counts the connection caps over every instance", async () => {
    const prefix = `caps-${randomUUID()}`;
    const caps = { perAddress: 4, perRoom: 3 };
    const [a, b] = [await instance(prefix, caps), await instance(prefix, caps)];
    await a.presence.claim("R1", "Ana", "m1", at("c1", "A"));
    await b.presence.claim("R1", "Bob", "m2", at("c2", "B"));
    await b.presence.claim("R1", "Cy", "m3", at("c3", "A"));
    expect(await a.presence.claim("R1", "Di", "m4", at("c4", "C"))).toEqual({ ok: false, reason: "room_full" });
    await b.presence.claim("R2", "Di", "m4", at("c5", "A"));
    await a.presence.claim("R3", "Di", "m4", at("c6", "A"));
    expect(await b.presence.claim("R4", "Ed", "m5", at("c7", "A"))).toEqual({ ok: false, reason: "address_full" });
  });

  it("releases a dead instance's connections and announces its members' leave within the timeout and a tick", async () => {
    const prefix = `death-${randomUUID()}`;
    const survivor = await instance(prefix);
    await sleep(TIMEOUT_MS); // a survivor sweeps only once it has been in touch for a whole timeout
    const victim = await instance(prefix);
    await victim.presence.claim("R1", "Bo", "m-bo", at("b1"));
    await victim.presence.claim("R1", "Cy", "m-cy", at("b2"));
    await survivor.presence.claim("R1", "Cy", "m-cy", at("s1")); // Cy also has a tab on the survivor
    const diedAt = Date.now();
    victim.connections.state.disconnect(); // no more heartbeats, nothing cleaned up: a crash as Redis sees it

    await until(() => survivor.departed.length > 0, 3 * TIMEOUT_MS);
    const elapsed = survivor.departed[0]!.at - diedAt;
    console.log(`dead instance: leave announced ${elapsed} ms after its last heartbeat could be sent (timeout ${TIMEOUT_MS} ms)`);
    expect(survivor.departed.map(({ room, member }) => [room, member.name])).toEqual([["R1", "Bo"]]);
    // The bound (the timeout and one tick), plus slack for a busy machine.
    expect(elapsed).toBeLessThanOrEqual(TIMEOUT_MS + TIMEOUT_MS / 5 + 800);
    expect(await survivor.presence.members("R1")).toEqual([{ name: "Cy" }]);
    expect(await survivor.presence.claim("R1", "bo", "someone-else", at("s2"))).toMatchObject({ ok: true, arrived: true });
  });

  it("tells an instance that was taken for dead, which then registers again", async () => {
    const prefix = `evict-${randomUUID()}`;
    const survivor = await instance(prefix);
    await sleep(TIMEOUT_MS);
    const paused = await instance(prefix);
    await paused.presence.claim("R1", "Ana", "m-ana", at("p1"));
    paused.connections.state.disconnect();
    await until(() => survivor.departed.length > 0, 3 * TIMEOUT_MS);
    expect(paused.failures).toBeGreaterThan(0);

    await paused.connections.state.connect();
    await until(() => paused.evictions === 1, 2 * TIMEOUT_MS);
    expect(await paused.presence.claim("R1", "Ana", "m-ana", at("p2"))).toMatchObject({ ok: true, arrived: true });
  });

  it("hands a cleanly stopped instance's members over to the grace period", async () => {
    const prefix = `stop-${randomUUID()}`;
    const other = await instance(prefix);
    await sleep(TIMEOUT_MS);
    const leaving = await instance(prefix);
    await leaving.presence.claim("R1", "Ana", "m-ana", at("l1"));
    await leaving.presence.stop();
    const stoppedAt = Date.now();
    expect(await other.presence.members("R1")).toEqual([{ name: "Ana", status: "reconnecting" }]);
    // Reconnecting elsewhere within the grace period is no leave...
    await other.presence.claim("R1", "Ana", "m-ana", at("o1"));
    await other.presence.release("R1", "o1");
    // ...and after it the sweep announces the leave, since the stopped instance's own timer is gone.
    await until(() => other.departed.length > 0, GRACE_MS + 2 * TIMEOUT_MS);
    expect(other.departed[0]!.member).toEqual({ name: "Ana" });
    expect(other.departed[0]!.at - stoppedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
  });

  it("refuses claims with unavailable when Redis is unreachable, at once", async () => {
    const doomed = await startRedis();
    const lonely = await instance(`down-${randomUUID()}`, undefined, doomed);
    await doomed.stop({ hard: true });
    const started = Date.now();
    await expect(lonely.presence.claim("R1", "Ana", "m1", at("c1"))).rejects.toMatchObject({ name: "DomainError", code: "unavailable" });
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
