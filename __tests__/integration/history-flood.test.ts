/**
 * Issue 15: history reads could stall the server. From one socket, 150 catch-up requests of 50 bytes
 * made it queue 244 MB, its memory went from 144 MB to 986 MB and /healthz took 3 s. Here a raw
 * WebSocket client asks the same way and stops reading, as an attacker would; the server must stay
 * small and quick, answer only within the limits, and end the session.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { HISTORY_PAGE_MAX_BYTES, type Ack, type CatchUpPage, type Message } from "@/lib/protocol";
import { createRoom, join, startServer, tempDir, type RunningServer } from "./harness";

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 4,000 characters of 4 bytes each: the largest message the protocol allows, 16 KB of UTF-8. */
const LARGEST_TEXT = "😀".repeat(4000);

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0) * 1024;
}

/** Fills a room with `count` of the largest messages. */
async function seed(url: string, code: string, count: number): Promise<void> {
  const { socket } = await join(url, { code, name: "Seeder" });
  for (let sent = 0; sent < count; sent += 25) {
    const batch = Array.from({ length: Math.min(25, count - sent) }, () =>
      socket.emitWithAck("message:send", { text: LARGEST_TEXT, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>,
    );
    for (const result of await Promise.all(batch)) if (!result.ok) throw new Error(`seeding failed: ${result.error.code}`);
  }
  socket.close();
}

/**
 * A Socket.IO client spoken by hand (Engine.IO 4 framing) over a raw WebSocket, so that it can stop
 * reading while it keeps asking: what a socket.io-client never does.
 */
async function rawMember(url: string, code: string): Promise<{ ws: WebSocket; received: string[]; closed: Promise<void> }> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`);
  const received: string[] = [];
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (data: Buffer) => {
      const frame = data.toString();
      received.push(frame);
      if (frame.startsWith("0")) ws.send(`40${JSON.stringify({ code, name: "Reader", memberToken: `reader-${crypto.randomUUID()}` })}`);
      if (frame === "2") ws.send("3");
      if (frame.startsWith('42["room:snapshot"')) resolve();
    });
    ws.once("error", reject);
  });
  return { ws, received, closed };
}

describe("history reads that cannot stall the server (real server)", () => {
  const tmp = tempDir("history-flood");
  let server: RunningServer;
  let code: string;

  beforeAll(async () => {
    // The message limits are lifted to seed quickly; the history limits and the flood disconnect are the defaults.
    server = await startServer(path.join(tmp.dir, "chat.db"), { RATE_HISTORY_PER_10S: "20", RATE_HISTORY_PER_MINUTE: "240", FLOOD_DISCONNECT_AFTER: "10" });
    code = await createRoom(server.url);
    await seed(server.url, code, 150);
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  it("answers 150 catch-up requests from a client that stops reading within the limits, and stays small and quick", async () => {
    const { ws, received, closed } = await rawMember(server.url, code);
    const before = rssBytes(server.pid);
    ws.pause();
    for (let id = 0; id < 150; id += 1) ws.send(`42${id}["messages:since",{"afterSeq":0,"limit":100}]`);

    let peak = before;
    const healthz: number[] = [];
    for (let i = 0; i < 16; i += 1) {
      const started = performance.now();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      healthz.push(performance.now() - started);
      peak = Math.max(peak, rssBytes(server.pid));
      await sleep(250);
    }
    ws.resume();
    await closed;

    const acks = received.filter((frame) => /^43\d+\[/.test(frame)).map((frame) => (JSON.parse(frame.replace(/^43\d+/, "")) as [Ack<CatchUpPage>])[0]);
    const pages = acks.filter((ack): ack is { ok: true; data: CatchUpPage } => ack.ok);
    const refusals = acks.filter((ack) => !ack.ok);
    console.log(
      `catch-up flood: server RSS ${(before / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB at most during; ` +
        `/healthz at most ${Math.max(...healthz).toFixed(0)} ms; ${pages.length} pages answered, ${refusals.length} refused, then disconnected`,
    );
    expect(peak - before).toBeLessThan(64 * MB);
    expect(Math.max(...healthz)).toBeLessThan(1_000);
    // One page at a time, never more than the connection's budget, each within the byte cap.
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(20);
    for (const page of pages) {
      expect(JSON.stringify(page).length).toBeLessThanOrEqual(HISTORY_PAGE_MAX_BYTES);
      expect(page.data.hasMore).toBe(true);
    }
    expect(refusals.every((ack) => !ack.ok && ack.error.code === "rate_limited")).toBe(true);
    // The refusals counted towards the flood disconnect: the server ended the session, with a reason.
    expect(received.some((frame) => frame.startsWith('42["session:ended",{"code":"rate_limited"'))).toBe(true);
    expect(server.process.exitCode).toBeNull();
  });

  it("caps a history page in bytes, says more follow, and pages through everything without a gap", async () => {
    const response = await fetch(`${server.url}/api/rooms/${code}/messages?limit=100`);
    const body = await response.text();
    const newest = JSON.parse(body) as { messages: Message[]; hasOlder: boolean };
    expect(body.length).toBeLessThanOrEqual(HISTORY_PAGE_MAX_BYTES);
    expect(newest.messages.length).toBeGreaterThan(0);
    expect(newest.messages.length).toBeLessThan(100);
    expect(newest.messages.at(-1)?.seq).toBe(150);
    expect(newest.hasOlder).toBe(true);

    const seqs: number[] = [];
    for (let after = 0; ; ) {
      const page = (await (await fetch(`${server.url}/api/rooms/${code}/messages?after=${after}&limit=100`)).json()) as { messages: Message[]; hasMore: boolean };
      seqs.push(...page.messages.map((message) => message.seq));
      if (!page.hasMore) break;
      after = page.messages.at(-1)!.seq;
    }
    expect(seqs).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });
});

describe("history pages per address (real server)", () => {
  const tmp = tempDir("history-limit");
  let server: RunningServer;
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });

  it("refuses pages past the address's budget with 429 and Retry-After, over HTTP and sockets together", async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"), { RATE_HISTORY_PER_MINUTE: "4" });
    const code = await createRoom(server.url);
    const { socket } = await join(server.url, { code, name: "Ana" });
    try {
      const bySocket = (await socket.emitWithAck("messages:since", { afterSeq: 0 })) as Ack<CatchUpPage>;
      expect(bySocket.ok).toBe(true);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await fetch(`${server.url}/api/rooms/${code}/messages`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await fetch(`${server.url}/api/rooms/${code}/messages`);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect(await socket.emitWithAck("messages:since", { afterSeq: 0 })).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    } finally {
      socket.close();
    }
  });
});
