/**
 * Two real app processes sharing one fresh PostgreSQL database and one Redis, started before a test
 * file's cases and stopped after them, with every socket and extra instance the cases opened.
 */
import { join, startServer, type Member, type RunningServer, type TestSocket } from "../integration/harness";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import { startRedis, type RedisServer } from "../../tooling/redis";

export interface TwoInstances {
  /** Set once the file's beforeAll has run. */
  a: RunningServer;
  b: RunningServer;
  /** Another instance on the same database and Redis (stopped after the file, if the case did not). */
  boot(): Promise<RunningServer>;
  /** Joins `code` on `server`; the socket is closed after the file. */
  enter(server: RunningServer, code: string, name: string, memberToken?: string): Promise<Member>;
  /** Closed after the file: a case may add sockets it opened itself. */
  sockets: TestSocket[];
}

/** Call at a describe block's top: `env` is added to every instance's environment. */
export function twoInstances(env: Record<string, string>): TwoInstances {
  let database: TestDatabase | undefined;
  let redis: RedisServer | undefined;
  const servers: RunningServer[] = [];
  const sockets: TestSocket[] = [];
  const boot = async () => {
    const server = await startServer({ url: database!.url }, { REDIS_URL: redis!.url, ...env });
    servers.push(server);
    return server;
  };
  const instances: TwoInstances = {
    a: undefined as unknown as RunningServer,
    b: undefined as unknown as RunningServer,
    boot,
    sockets,
    async enter(server, code, name, memberToken) {
      const member = await join(server.url, { code, name, ...(memberToken === undefined ? {} : { memberToken }) });
      sockets.push(member.socket);
      return member;
    },
  };

  beforeAll(async () => {
    [database, redis] = await Promise.all([createTestDatabase(), startRedis()]);
    [instances.a, instances.b] = await Promise.all([boot(), boot()]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop("SIGKILL")));
    await redis?.stop();
    await database?.drop();
  });
  return instances;
}
