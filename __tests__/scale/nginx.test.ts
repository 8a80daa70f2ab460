/**
 * deploy/nginx.conf in a real nginx in front of two app instances: pages and API spread over both,
 * WebSocket and long-polling sessions through the proxy (polling only works because the config keeps
 * a client on one instance), and the client's address passed on so that per-address limits hold.
 */
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, join, nextEvent, startServer, type Member, type RunningServer } from "../integration/harness";
import { startProxy, type RunningProxy } from "../support/nginx";
import { createTestDatabase, type TestDatabase } from "../support/postgres";

/** The upstream (host:port) that served each access-log line matching `pattern`. */
function upstreamsOf(proxy: RunningProxy, pattern: RegExp): string[] {
  return proxy
    .accessLog()
    .filter((line) => pattern.test(line))
    .map((line) => /upstream=(\S+)/.exec(line)?.[1] ?? "none");
}

/** Sends from one member and waits for both copies (the sender gets its own), so none is left over. */
async function talk(from: Member, to: Member, text: string): Promise<void> {
  const received = Promise.all([nextEvent(from.socket, "message:created"), nextEvent(to.socket, "message:created")]);
  const ack = (await from.socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() })) as Ack<Message>;
  expect(ack.ok).toBe(true);
  expect((await received).map((message) => message.text)).toEqual([text, text]);
}

/** nginx logs a request when it ends; a WebSocket's, when the connection closes. */
async function logged(proxy: RunningProxy, pattern: RegExp): Promise<boolean> {
  for (let deadline = Date.now() + 3_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (proxy.accessLog().some((line) => pattern.test(line))) return true;
  }
  return false;
}

describe("nginx (deploy/nginx.conf) in front of two instances", () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  let proxy: RunningProxy;
  let instances: string[];

  beforeAll(async () => {
    // Both instances share one PostgreSQL database, so a room created through one is found through the other.
    database = await createTestDatabase();
    const env = { TRUST_PROXY: "1", RATE_BAD_CODES_PER_10MIN: "3" };
    servers.push(await startServer({ url: database.url }, env));
    servers.push(await startServer({ url: database.url }, env));
    instances = servers.map((server) => new URL(server.url).host);
    proxy = await startProxy([instances[0]!, instances[1]!]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  it("serves pages, the API and readiness from both instances, and hides /metrics", async () => {
    const code = await createRoom(proxy.url);
    for (let i = 0; i < 4; i += 1) {
      const page = await fetch(`${proxy.url}/room/${code}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
    // (The page redirects to the code's dashed spelling, so count both requests.)
    expect(new Set(upstreamsOf(proxy, /"GET \/room\//))).toEqual(new Set(instances));
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
    expect(await logged(proxy, /"GET \/socket\.io\/\?[^"]*transport=websocket[^"]*" 101 /)).toBe(true);
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
      const served = upstreamsOf(proxy, new RegExp(`transport=polling[^" ]*sid=${sid}`));
      // The handshake, then each poll and each send: every one reached the instance that holds the session.
      expect(served.length).toBeGreaterThanOrEqual(3);
      expect(new Set(served).size).toBe(1);
    } finally {
      ana.socket.close();
      bob.socket.close();
    }
  });

  it("passes the client's own address on, so a forged X-Forwarded-For cannot dodge a per-address limit", async () => {
    // Three lookups of codes that name no room per address (per instance; two instances): a client that
    // could choose its address with X-Forwarded-For would never be refused.
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i += 1) {
      const response = await fetch(`${proxy.url}/api/rooms/ZZZZZZZZZ`, { headers: { "X-Forwarded-For": `198.51.100.${i}` } });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
  });
});
