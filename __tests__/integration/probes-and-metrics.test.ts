/** /readyz and /metrics on the real server: what a load balancer and Prometheus see. */
import path from "node:path";
import { createRoom, join, startServer, tempDir, type RunningServer } from "./harness";
import type { Ack, Message } from "@/lib/protocol";

const TOKEN = "metrics-token-for-the-test";
const uuid = () => crypto.randomUUID();

/** The value of one sample line, e.g. sample(text, 'roomchat_rate_limit_refusals_total{limit="messages"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("probes and metrics (real server)", () => {
  const tmp = tempDir("probes");
  let server: RunningServer;

  beforeAll(async () => {
    // Two messages per 10 s plus one burst: the fourth send is refused; and a third member does not fit
    // in a room. The metrics must count both refusals.
    const limits = { RATE_MESSAGES_PER_10S: "2", RATE_MESSAGES_BURST: "1", MAX_CONNECTIONS_PER_ROOM: "2" };
    server = await startServer(path.join(tmp.dir, "chat.db"), { METRICS_TOKEN: TOKEN, ...limits });
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it("answers /readyz with each check's outcome", async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", checks: { database: "ok", storage: "ok" } });
  });

  it("refuses /metrics without the configured bearer token", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("counts connections, active rooms, stored messages, ack latency and refusals", async () => {
    const before = await scrape();
    expect(sample(before, "roomchat_connections")).toBe(0);
    expect(sample(before, "roomchat_messages_stored_total")).toBe(0);

    const code = await createRoom(server.url);
    const ana = await join(server.url, { code, name: "Ana" });
    const bob = await join(server.url, { code, name: "Bob" });
    try {
      const send = (clientId: string) => ana.socket.emitWithAck("message:send", { text: "hello", clientId }) as Promise<Ack<Message>>;
      const first = uuid();
      expect((await send(first)).ok).toBe(true);
      // A retry of the same send is acknowledged again but stored, and counted, once.
      expect((await send(first)).ok).toBe(true);
      expect((await send(uuid())).ok).toBe(true);
      expect(await send(uuid())).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      await expect(join(server.url, { code, name: "Cy" })).rejects.toMatchObject({ message: "room_full" });

      const after = await scrape();
      expect(sample(after, "roomchat_connections")).toBe(2);
      expect(sample(after, "roomchat_rooms_active")).toBe(1);
      expect(sample(after, "roomchat_messages_stored_total")).toBe(2);
      expect(sample(after, 'roomchat_message_ack_seconds_count{outcome="ok"}')).toBe(3);
      expect(sample(after, 'roomchat_message_ack_seconds_count{outcome="error"}')).toBe(1);
      expect(sample(after, 'roomchat_rate_limit_refusals_total{limit="messages"}')).toBe(1);
      expect(sample(after, 'roomchat_rate_limit_refusals_total{limit="connections_per_room"}')).toBe(1);
      expect(sample(after, 'roomchat_rate_limit_refusals_total{limit="joins"}')).toBe(0);
      expect(sample(after, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    } finally {
      ana.socket.close();
      bob.socket.close();
    }
  });
});
