/**
 * Limits against the real server, each with low settings so that it is reached quickly: those over HTTP,
 * those that need the server in a process of its own (latency under a flood, its logs), and the
 * headers. The socket layer's own limits are tested in-process: __tests__/realtime/limits.test.ts.
 */
import path from "node:path";
import type { Ack, ApiError, Message } from "@/lib/protocol";
import { createRoom, join, startServer, tempDir, type RunningServer, type TestSocket } from "./harness";

const uuid = () => crypto.randomUUID();
const send = (socket: TestSocket, text: string) => socket.emitWithAck("message:send", { text, clientId: uuid() }) as Promise<Ack<Message>>;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe("limits (real server)", () => {
  const tmp = tempDir("limits");
  const servers: RunningServer[] = [];
  const sockets: TestSocket[] = [];
  const boot = async (env: Record<string, string>) => {
    const server = await startServer(path.join(tmp.dir, `${servers.length}.db`), env);
    servers.push(server);
    return server;
  };
  const member = async (server: RunningServer, code: string, name: string) => {
    const joined = await join(server.url, { code, name });
    sockets.push(joined.socket);
    return joined.socket;
  };
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop()));
    tmp.remove();
  });

  it("keeps other members fast while one floods", async () => {
    const server = await boot({ RATE_MESSAGES_PER_10S: "5", RATE_MESSAGES_BURST: "5", FLOOD_DISCONNECT_AFTER: "100000" });
    const code = await createRoom(server.url);
    const flooder = await member(server, code, "Flooder");
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => member(server, code, `Calm ${i}`)));
    /** One send from each calm member, in turn; the ack latencies. */
    const round = async (label: string) => {
      const latencies: number[] = [];
      for (const calm of others) {
        const started = performance.now();
        const ack = await send(calm, label);
        latencies.push(performance.now() - started);
        expect(ack.ok).toBe(true);
      }
      return latencies;
    };
    let floodAcks: Array<Ack<Message>> = [];
    /** Keeps 50 sends from the flooder in flight until `stop` resolves. */
    const flood = async (stop: Promise<void>) => {
      let flooding = true;
      void stop.then(() => (flooding = false));
      while (flooding) floodAcks = floodAcks.concat(await Promise.all(Array.from({ length: 50 }, () => send(flooder, "spam"))));
    };
    // Quiet and flooded rounds alternate, so that whatever else the machine does (other test files run
    // alongside) weighs on both alike.
    const quiet: number[] = [];
    const flooded: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      quiet.push(...(await round(`quiet ${i}`)));
      let stop = () => undefined as void;
      const flooding = flood(new Promise<void>((resolve) => (stop = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      flooded.push(...(await round(`flooded ${i}`)));
      stop();
      await flooding;
    }
    const [p50, p95, baseP95] = [percentile(flooded, 50), percentile(flooded, 95), percentile(quiet, 95)];
    const refusals = floodAcks.filter((ack) => !ack.ok && ack.error.code === "rate_limited").length;
    console.log(
      `flood: ${refusals} refused sends of ${floodAcks.length}; calm members' ack latency p95 ${baseP95.toFixed(1)} ms between floods, under flood p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    // The flood was refused, all but the flooder's own allowance (5 a 10 s, plus a burst of 5).
    expect(floodAcks.length).toBeGreaterThan(200);
    expect(refusals).toBeGreaterThanOrEqual(floodAcks.length - 10);
    // Refusals are cheap, so the flood may cost the others a few milliseconds, not a multiple of their
    // latency. A calm send can still wait behind one burst of the flooder's 50: on 2026-12-07 this
    // 2-core machine (3x slower than usual, and shared with this test's own clients) took 30-35 ms for
    // one, before and after issue 15 alike (p95 under flood 42-50 ms, between floods 9-20 ms); hence the
    // +50. Refusals as dear as a stored message (1-2 ms each) would put every burst at 50-100 ms.
    expect(p95).toBeLessThan(baseP95 * 4 + 50);
  });

  it("limits room creation per address with 429 and Retry-After", async () => {
    const server = await boot({ RATE_ROOMS_PER_HOUR: "3" });
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${server.url}/api/rooms`, { method: "POST" })).status).toBe(201);
    const refused = await fetch(`${server.url}/api/rooms`, { method: "POST" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: ApiError }).error.code).toBe("rate_limited");
  });

  it("throttles 1000 wrong room codes from one address, over HTTP and the handshake", async () => {
    const server = await boot({ RATE_BAD_CODES_PER_10MIN: "20" });
    const real = await createRoom(server.url);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i += 1) {
      const wrong = `${"ABCDEFGHJ".slice(0, 5)}${String(i).padStart(4, "2").replace(/[01]/g, "2")}`;
      const status = (await fetch(`${server.url}/api/rooms/${wrong}`)).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    console.log(`1000 wrong codes: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(404)).toBeLessThanOrEqual(20);
    expect(statuses.get(429)).toBeGreaterThanOrEqual(980);
    // Once throttled, even a real code answers 429 (HTTP) or rate_limited (socket): no oracle is left.
    expect((await fetch(`${server.url}/api/rooms/${real}`)).status).toBe(429);
    expect((await fetch(`${server.url}/room/${real}`)).status).toBe(404);
    await expect(join(server.url, { code: real, name: "Ana" })).rejects.toMatchObject({ message: "rate_limited" });
  });

  it("sends security headers, with a fresh nonce on the page's scripts and no unsafe-inline script", async () => {
    const server = await boot({});
    const first = await fetch(`${server.url}/`);
    const csp = first.headers.get("content-security-policy") ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("no-referrer");
    expect(first.headers.get("strict-transport-security")).toBeNull();
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1] ?? "";
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await fetch(`${server.url}/`);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);

    const api = await fetch(`${server.url}/api/rooms/ZZZZZZZZZ`);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const proxied = await boot({ TRUST_PROXY: "true" });
    const https = await fetch(`${proxied.url}/`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("never logs message text, and counts events the protocol does not define", async () => {
    const server = await boot({ LOG_LEVEL: "debug" });
    const code = await createRoom(server.url);
    const ana = await member(server, code, "Ana");
    const secret = `secret-${uuid()}`;
    expect((await send(ana, secret)).ok).toBe(true);
    (ana.emit as (event: string, ...args: unknown[]) => void)("admin:delete-everything", { all: true });
    (ana.emit as (event: string, ...args: unknown[]) => void)("__proto__", {});
    expect((await send(ana, "x".repeat(4001))).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output.join("\n")).not.toContain(secret);
    const counted = server.output.filter((line) => line.includes("ignored an event the protocol does not define"));
    expect(counted.at(-1)).toContain('"unknownEvents":2');
  });
});
