/**
 * A connection that closes while its join is still waiting on Redis must not leave a claim behind: no
 * event will ever release it, so the name would stay taken and the member listed for as long as the
 * instance runs. Redis's CLIENT PAUSE holds the join's writes long enough for the client to give up.
 */
import path from "node:path";
import { io } from "socket.io-client";
import { createRoom, join, startServer, tempDir, type RunningServer } from "../integration/harness";
import { startRedis, type RedisServer } from "../../tooling/redis";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a join abandoned while Redis is slow", () => {
  const tmp = tempDir("ghosts");
  let redis: RedisServer;
  let server: RunningServer;

  beforeAll(async () => {
    redis = await startRedis();
    server = await startServer(path.join(tmp.dir, "chat.db"), { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await redis?.stop();
    tmp.remove();
  });

  it("leaves no ghost: the name is free again and the member list empty", async () => {
    const code = await createRoom(server.url);
    const admin = redis.client();
    // Every write waits 1.5 s, the join's rate-limit count and presence claim among them.
    await admin.call("CLIENT", "PAUSE", "1500", "WRITE");
    const quitter = io(server.url, { auth: { code, name: "Ghost", memberToken: "quitter-token-0123456789" }, transports: ["websocket"], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => quitter.io.engine.once("open", () => resolve()));
    await sleep(300);
    quitter.close(); // while the server is still waiting on Redis
    await sleep(2_000); // the pause ends; the join goes on for a connection that is gone

    const other = await join(server.url, { code, name: "ghost", memberToken: "someone-else-0123456789" });
    try {
      expect(other.snapshot.members).toEqual([{ name: "ghost" }]);
    } finally {
      other.socket.close();
    }
  });
});
