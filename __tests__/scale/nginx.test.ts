/**
 * deploy/nginx.conf in a real nginx in front of two app instances sharing PostgreSQL and Redis: pages
 * and API spread over both, WebSocket sessions on either instance talking to each other, long-polling
 * sessions (which only work because the config keeps a client on one instance), and the client's
 * address passed on so that per-address limits hold.
 */
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, join, nextEvent, startServer, type Member, type RunningServer } from "../integration/harness";
import { startProxy, type RunningProxy } from "../../tooling/nginx";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import { startRedis, type RedisServer } from "../../tooling/redis";

/** Sends from one member and waits for both copies (the sender gets its own), so none is left over. */
async function talk(from: Member, to: Member, text: string): Promise<void> {
  const received = Promise.all([nextEvent(from.socket, "message:created"), nextEvent(to.socket, "message:created")]);
  const ack = (await from.socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() })) as Ack<Message>;
  expect(ack.ok).toBe(true);
  expect((await received).map((message) => message.text)).toEqual([text, text]);
}

/**
 * Client options for a connection from another loopback address: nginx hashes the client's address,
 * so this is how the test reaches both instances. engine.io-client hands `localAddress` to its
 * WebSocket (ws) without declaring it in its types.
 */
function fromAddress(localAddress: string): Partial<ManagerOptions & SocketOptions> {
  const undeclared = { localAddress };
  return { transports: ["websocket"], ...undeclared };
}

/** Open Socket.IO connections on one instance, from its own /metrics. */
async function connectionsOn(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^roomchat_connections (\d+)$/m.exec(text)?.[1]);
}

describe("nginx (deploy/nginx.conf) in front of two instances", () => {
  let database: TestDatabase;
  let redis: RedisServer;
  const servers: RunningServer[] = [];
  let proxy: RunningProxy;
  let instances: string[];

  beforeAll(async () => {
    // One PostgreSQL database and one Redis for both instances: a room created through one is found
    // through the other, and a message sent on one reaches members on the other.
    [database, redis] = await Promise.all([createTestDatabase(), startRedis()]);
    const env = { REDIS_URL: redis.url, TRUST_PROXY: "1", RATE_BAD_CODES_PER_10MIN: "3" };
    servers.push(await startServer({ url: database.url }, env));
    servers.push(await startServer({ url: database.url }, env));
    instances = servers.map((server) => new URL(server.url).host);
    proxy = await startProxy([instances[0]!, instances[1]!]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([database?.drop(), redis?.stop()]);
  });

  it("serves pages, the API and readiness from both instances, and hides /metrics", async () => {
    const code = await createRoom(proxy.url);
    for (let i = 0; i < 4; i += 1) {
      const page = await fetch(`${proxy.url}/room/${code}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
    // (The page redirects to the code's dashed spelling, so count both requests.)
    expect(new Set(proxy.upstreamsOf(/"GET \/room\//))).toEqual(new Set(instances));
    expect((await fetch(`${proxy.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(404);
  });

  it("carries WebSocket sessions, with the browser's Origin accepted and a foreign one refused", async () => {
    const code = await createRoom(proxy.url);
    const options = { extraHeaders: { Origin: proxy.url } };
    const ana = await join(proxy.url, { code, name: "Ana" }, options);
    const bob = await join(proxy.url, { code, name: "Bob" }, options);
    try {
      expect(ana.socket.io.engine.transport.name).toBe("websocket");
      await talk(ana, bob, "through the proxy");
      await talk(bob, ana, "and back");
      await expect(join(proxy.url, { code, name: "Eve" }, { extraHeaders: { Origin: "https://evil.example" } })).rejects.toThrow();
    } finally {
      ana.socket.close();
      bob.socket.close();
    }
    expect(await proxy.logged(/"GET \/socket\.io\/\?[^"]*transport=websocket[^"]*" 101 /)).toBe(true);
  });

  it("needs no stickiness for WebSocket sessions: members on different instances talk to each other", async () => {
    const code = await createRoom(proxy.url);
    const byInstance = new Map<RunningServer, Member>();
    const members: Member[] = [];
    try {
      // Join from one loopback address after another until the hash has put a member on each instance.
      for (let i = 2; byInstance.size < 2 && i < 40; i += 1) {
        const before = await Promise.all(servers.map(connectionsOn));
        const member = await join(proxy.url, { code, name: `Member ${i}` }, fromAddress(`127.0.0.${i}`));
        members.push(member);
        const after = await Promise.all(servers.map(connectionsOn));
        const landed = servers.find((_, index) => after[index]! > before[index]!);
        if (landed !== undefined && !byInstance.has(landed)) byInstance.set(landed, member);
      }
      const [onFirst, onSecond] = servers.map((server) => byInstance.get(server));
      expect(onFirst && onSecond).toBeDefined();
      await talk(onFirst!, onSecond!, "from the first instance");
      await talk(onSecond!, onFirst!, "and from the second");
    } finally {
      members.forEach((member) => member.socket.close());
    }
  });

  it("keeps a long-polling session on one instance, so polling works through the proxy", async () => {
    const code = await createRoom(proxy.url);
    const polling = { transports: ["polling"], extraHeaders: { Origin: proxy.url } };
    const ana = await join(proxy.url, { code, name: "Ana" }, polling);
    const bob = await join(proxy.url, { code, name: "Bob" }, polling);
    try {
      expect(ana.socket.io.engine.transport.name).toBe("polling");
      for (let i = 1; i <= 3; i += 1) await talk(i % 2 === 1 ? ana : bob, i % 2 === 1 ? bob : ana, `polled ${i}`);
      const sid = ana.socket.io.engine.id;
      const served = proxy.upstreamsOf(new RegExp(`transport=polling[^" ]*sid=${sid}`));
      // The handshake, then each poll and each send: every one reached the instance that holds the session.
      expect(served.length).toBeGreaterThanOrEqual(3);
      expect(new Set(served).size).toBe(1);
    } finally {
      ana.socket.close();
      bob.socket.close();
    }
  });

  it("passes the client's own address on, so a forged X-Forwarded-For cannot dodge a per-address limit", async () => {
    // Three lookups of codes that name no room per address (counted in Redis for both instances): a
    // client that could choose its address with X-Forwarded-For would never be refused.
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i += 1) {
      const response = await fetch(`${proxy.url}/api/rooms/ZZZZZZZZZ`, { headers: { "X-Forwarded-For": `198.51.100.${i}` } });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
  });
});
