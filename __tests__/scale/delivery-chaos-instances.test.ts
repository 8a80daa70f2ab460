/**
 * The delivery chaos run (chaos/chaos-run.ts) against two instances sharing PostgreSQL and Redis,
 * behind a load balancer: each instance is SIGKILLed and restarted in turn while the other serves,
 * clients reconnect to whichever the balancer picks, and connections drop at random. Zero loss, zero
 * duplicates, gap-free seq, as on one instance.
 */
import { freePort, startServer, type RunningServer } from "../integration/harness";
import { chaosSizes, random, runDeliveryChaos, sleep, type ChaosClient } from "../chaos/chaos-run";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import { startRedis, type RedisServer } from "../../tooling/redis";
import { startBalancer, type TcpBalancer } from "../../tooling/tcp-balancer";

// Each instance dies twice, in turn.
const sizes = chaosSizes(4);
const TOTAL = sizes.clients * sizes.perClient;

describe("delivery chaos over two instances (PostgreSQL + Redis)", () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let balancer: TcpBalancer | undefined;
  const servers: Array<RunningServer | null> = [null, null];
  const clients: ChaosClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.session.close();
    await balancer?.close();
    await Promise.all(servers.map((server) => server?.stop("SIGKILL")));
    await redis?.stop();
    await database?.drop();
  });

  it(`${sizes.clients} clients, ${TOTAL} messages, ${sizes.kills} SIGKILLs taking turns, random drops: nothing lost, nothing doubled`, async () => {
    [database, redis] = await Promise.all([createTestDatabase(), startRedis()]);
    const ports = [await freePort(), await freePort()];
    const env = { REDIS_URL: redis.url, PRESENCE_GRACE_MS: "500", REDIS_INSTANCE_TIMEOUT_MS: "2000" };
    const boot = async (index: number) => {
      servers[index] = await startServer({ url: database.url }, { ...env, PORT: String(ports[index]) });
    };
    await Promise.all([boot(0), boot(1)]);
    balancer = await startBalancer(ports);
    const target = {
      clientUrl: balancer.url,
      httpUrl: () => (servers.find((server) => server !== null) ?? servers[0]!).url,
      async killAndRestart(kill: number) {
        const index = (kill - 1) % 2;
        await servers[index]?.stop("SIGKILL");
        servers[index] = null;
        await sleep(random(100, 400));
        await boot(index);
      },
    };

    const { problems, report } = await runDeliveryChaos(target, sizes, clients);
    const connections = ports.map((port) => balancer?.counts.get(port) ?? 0);
    console.log(`delivery chaos, two instances: ${JSON.stringify({ ...report, connectionsPerInstance: connections })}`);
    expect(problems).toEqual([]);
    expect(report.typed).toBe(TOTAL);
    expect(report.stored).toBe(TOTAL);
    expect(report.restarts).toBe(sizes.kills);
    expect(report.drops).toBeGreaterThan(0);
    expect(Math.min(...connections)).toBeGreaterThan(0);
  }, 300_000);
});
