/**
 * The Redis presence registry's reconciliation against a real redis-server: an instance releases
 * what Redis holds for it beyond the connections its host reports live (a release lost to an outage),
 * freeing the caps at once and the name after the grace period, and touches nothing else: not its
 * live connections, not another instance's. Here the insurance run (reconcileEveryMs) prompts it; the
 * run after an outage is in redis-outage-ghosts.test.ts, against the real server.
 */
import { randomUUID } from "node:crypto";
import { createLogger } from "@/lib/logger";
import type { Member } from "@/lib/protocol";
import { connectRedis, type RedisConnections } from "@/lib/redis/connect";
import type { PresenceRegistry } from "@/lib/rooms/presence";
import { createRedisPresence } from "@/lib/rooms/redis-presence";
import { startRedis, type RedisServer } from "../../tooling/redis";

const TIMEOUT_MS = 1_000;
const GRACE_MS = 300;
// Full once the ghost claims: a further claim needs the ghost's slot back.
const CAPS = { perAddress: 4, perRoom: 4 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (id: string) => ({ id, address: "A" });

let redis: RedisServer;
const opened: Array<{ presence: PresenceRegistry; connections: RedisConnections }> = [];

async function instance(prefix: string, live?: Set<string>) {
  const connections = await connectRedis(redis.url, createLogger("silent"));
  const id = randomUUID();
  const presence = createRedisPresence({ client: connections.state, prefix, instanceId: id, caps: CAPS, instanceTimeoutMs: TIMEOUT_MS, graceMs: GRACE_MS, reconcileEveryMs: 100 });
  const departed: Member[] = [];
  const reconciled: number[] = [];
  await presence.start({
    departed: (_room, member) => departed.push(member),
    evicted: () => undefined,
    failed: () => undefined,
    reconciled: (count) => reconciled.push(count),
    ...(live === undefined ? {} : { liveConnections: () => live }),
  });
  opened.push({ presence, connections });
  return { presence, departed, reconciled, id };
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const { presence, connections } of opened) {
    await presence.stop().catch(() => undefined);
    await connections.close();
  }
  await redis.stop();
});

it("releases the connections no live socket backs, and only those of its own instance", async () => {
  const prefix = `reconcile-${randomUUID()}`;
  const live = new Set(["c1", "c2"]);
  const a = await instance(prefix, live);
  const b = await instance(prefix); // reports nothing live: it must never reconcile
  await a.presence.claim("R1", "Ana", "m-ana", at("c1"));
  await a.presence.claim("R1", "Ana", "m-ana", at("c2"));
  await b.presence.claim("R1", "Bob", "m-bob", at("b1"));
  // Its socket closed and its release was lost: a ghost holding a name and the address's last slot.
  expect(await a.presence.claim("R1", "Ghost", "m-ghost", at("c3"))).toMatchObject({ ok: true });
  const admin = redis.client();

  const deadline = Date.now() + 3_000;
  while ((await admin.hexists(`${prefix}:conns:R1`, "c3")) === 1 && Date.now() < deadline) await sleep(20);
  expect(await admin.hexists(`${prefix}:addr:A`, "c3")).toBe(0);
  expect(await admin.hexists(`${prefix}:inst:${a.id}`, "c3")).toBe(0);
  expect(a.reconciled).toEqual([1]);
  // The caps are free at once; the name only after the grace period (a reconnect keeps it).
  expect(await a.presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }, { name: "Ghost", status: "reconnecting" }]);
  expect(await b.presence.claim("R1", "Cy", "m-cy", at("b2"))).toMatchObject({ ok: true });

  // The sweep departs it once the instance has been in touch for a timeout and the grace is over.
  await sleep(TIMEOUT_MS + GRACE_MS + 500);
  expect([...a.departed, ...b.departed]).toEqual([{ name: "Ghost" }]);
  expect(await a.presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }, { name: "Cy" }]);
  // The live connections and the other instance's are untouched.
  expect(await a.presence.release("R1", "c1")).toEqual({ member: { name: "Ana" }, lastConnection: false });
  expect(await a.presence.release("R1", "c2")).toEqual({ member: { name: "Ana" }, lastConnection: true });
  expect(await b.presence.release("R1", "b1")).toEqual({ member: { name: "Bob" }, lastConnection: true });
});
