/**
 * Issue 15, "Redis ghosts": a member whose connection closes while Redis is unreachable for longer
 * than the release is retried (REDIS_INSTANCE_TIMEOUT_MS, here 1 s) stays in Redis: listed, name
 * taken, counted against its address. Nothing sweeps it, since its instance is alive. Once Redis
 * answers again the instance must reconcile its live sockets with what Redis holds for it.
 * The outage is a cut link (a TCP proxy between the app and Redis), so Redis keeps its data.
 */
import path from "node:path";
import { REDIS_PREFIX } from "@/lib/redis/connect";
import { createRoom, join, startServer, tempDir, type RunningServer, type TestSocket } from "../integration/harness";
import { startProxy, type CuttableProxy } from "../../tooling/cuttable-proxy";
import { startRedis, type RedisServer } from "../../tooling/redis";

const INSTANCE_TIMEOUT_MS = 1_000;
const GRACE_MS = 300;
const ADDRESS = "127.0.0.1";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

describe("a connection closed during a long Redis outage", () => {
  const tmp = tempDir("outage-ghosts");
  let redis: RedisServer;
  let proxy: CuttableProxy;
  let server: RunningServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    proxy = await startProxy(redis.port);
    server = await startServer(path.join(tmp.dir, "chat.db"), {
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      REDIS_INSTANCE_TIMEOUT_MS: String(INSTANCE_TIMEOUT_MS),
      PRESENCE_GRACE_MS: String(GRACE_MS),
    });
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.stop("SIGKILL");
    await proxy?.close();
    await redis?.stop();
    tmp.remove();
  });

  it("is released once Redis is back: name, member-list entry and per-address count", async () => {
    const code = await createRoom(server.url);
    const admin = redis.client();
    const key = (what: string) => `${REDIS_PREFIX}:${what}`;
    const listed = async () => (await admin.hvals(key(`names:${code}`))).map((raw) => (JSON.parse(raw) as { name: string }).name).sort();
    const watcher = await join(server.url, { code, name: "Watcher" });
    const ghost = await join(server.url, { code, name: "Ghost" });
    sockets.push(watcher.socket, ghost.socket);
    const [ghostId, watcherId] = [ghost.socket.id!, watcher.socket.id!];
    const leaves: unknown[] = [];
    watcher.socket.on("member:left", (notice) => leaves.push(notice));
    expect(await admin.hlen(key(`addr:${ADDRESS}`))).toBe(2);

    proxy.cut();
    ghost.socket.close();
    // Well past the release's retries (one instance timeout): the release is given up.
    await sleep(3 * INSTANCE_TIMEOUT_MS);
    expect(await admin.hexists(key(`conns:${code}`), ghostId)).toBe(1); // the ghost, as filed

    proxy.restore();
    // Bound: ioredis's reconnect back-off (up to 2 s), one upkeep tick, then the sweep (which waits a
    // whole timeout in touch with Redis) departs it after the grace period; plus slack for a busy machine.
    const bound = 2_000 + INSTANCE_TIMEOUT_MS / 5 + INSTANCE_TIMEOUT_MS + GRACE_MS + 2_000;
    const freedIn = await until(async () => (await admin.hexists(key(`addr:${ADDRESS}`), ghostId)) === 0, bound);
    const departedIn = await until(async () => !(await listed()).includes("Ghost"), bound);
    console.log(`ghost connection released ${freedIn} ms after Redis came back, member gone after ${departedIn} ms more`);

    await until(async () => Promise.resolve(leaves.length > 0), 1_000); // the broadcast follows the departure
    expect(leaves).toEqual([{ member: { name: "Ghost" }, members: [{ name: "Watcher" }] }]);
    expect(await admin.hexists(key(`conns:${code}`), ghostId)).toBe(0);
    expect(await admin.hkeys(key(`addr:${ADDRESS}`))).toEqual([watcherId]);
    expect(await listed()).toEqual(["Watcher"]);
    expect(server.output.filter((line) => line.includes("release was lost"))).toHaveLength(1); // said once, for operators
    // The live member kept its connection; a newcomer sees the room as it is.
    expect(await admin.hexists(key(`conns:${code}`), watcherId)).toBe(1);
    const newcomer = await join(server.url, { code, name: "Newcomer" });
    sockets.push(newcomer.socket);
    expect(newcomer.snapshot.members).toEqual([{ name: "Newcomer" }, { name: "Watcher" }]);
  });
});
