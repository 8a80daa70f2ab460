/**
 * Issue 19: a room of 100,000 messages downloads as a transcript without the server holding it in
 * memory. The room is written straight into the SQLite file (bench/scenarios/history-seed.ts), the
 * real server then serves both formats to a client that reads slowly, and the server's resident memory
 * is sampled from /proc while it does. docs/protocol.md#transcripts quotes the figures it prints.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { MessageSchema, type Message } from "@/lib/protocol";
import { seedHistory } from "../../bench/scenarios/history-seed";
import { createRoom, startServer, tempDir, type RunningServer } from "./harness";

const MESSAGES = 100_000;
const MB = 1024 * 1024;
/**
 * How much the server's memory may grow during a download: above what streaming a page at a time
 * leaves behind until the garbage collector runs, below what a server that built the transcript
 * before sending it grew by, in either format (both measured in docs/protocol.md#transcripts).
 */
const GROWTH_BOUND = 48 * MB;

const WORDS = "so I think we should meet at the station around nine and then walk to the market before the rain starts again tomorrow".split(" ");

/** A chat line of 100 to 200 bytes, different for every seq. */
function chatLine(seq: number): string {
  const target = 100 + ((seq * 37) % 101);
  let text = `#${seq}`;
  for (let i = 0; text.length < target; i += 1) text += ` ${WORDS[(seq + i * 7) % WORDS.length]}`;
  return text.slice(0, target);
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0) * 1024;
}

/** Downloads like a slow reader: it stops reading for 20 ms after every 512 KB, so the server must wait for it. */
function slowDownload(url: string): Promise<{ body: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`status ${response.statusCode}`));
        const chunks: Buffer[] = [];
        let sincePause = 0;
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          sincePause += chunk.length;
          if (sincePause < 512 * 1024) return;
          sincePause = 0;
          response.pause();
          setTimeout(() => response.resume(), 20);
        });
        response.once("end", () => resolve({ body: Buffer.concat(chunks), ms: performance.now() - started }));
        response.once("error", reject);
      })
      .once("error", reject);
  });
}

/** Downloads while sampling the server's RSS every 100 ms. */
interface Download {
  body: Buffer;
  ms: number;
  /** The server's RSS just before the download, and the most it reached during it. */
  before: number;
  peak: number;
}

async function measured(server: RunningServer, url: string): Promise<Download> {
  const before = rssBytes(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 100);
  try {
    const download = await slowDownload(url);
    return { ...download, before, peak: Math.max(peak, rssBytes(server.pid)) };
  } finally {
    clearInterval(sampler);
  }
}

function report(format: string, { body, ms, before, peak }: Download): void {
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  process.stdout.write(
    `transcript ${format}: ${MESSAGES} messages, ${body.length} bytes (${mb(body.length)} MB) in ${(ms / 1000).toFixed(1)} s; ` +
      `server RSS before ${mb(before)} MB, peak ${mb(peak)} MB, growth ${mb(peak - before)} MB\n`,
  );
}

describe("a 100,000-message transcript (real server, real SQLite file)", () => {
  const tmp = tempDir("transcript-memory");
  const databaseFile = path.join(tmp.dir, "chat.db");
  let code: string;

  beforeAll(async () => {
    const first = await startServer(databaseFile);
    code = await createRoom(first.url);
    await first.stop();
    seedHistory(databaseFile, code, MESSAGES, chatLine);
  }, 60_000);
  afterAll(() => tmp.remove());

  /** Each format on a server of its own, so that one download's garbage does not hide the next one's growth. */
  async function download(query: string): Promise<Download> {
    const server = await startServer(databaseFile);
    try {
      // Warm the read path, so that what is measured is the download.
      await (await fetch(`${server.url}/api/rooms/${code}/messages?limit=100`)).json();
      return await measured(server, `${server.url}/api/rooms/${code}/transcript?${query}`);
    } finally {
      await server.stop();
    }
  }

  it("streams JSON: every message, in order, with the server's memory bounded", async () => {
    const json = await download("format=json");
    report("json", json);
    const { messages } = JSON.parse(json.body.toString("utf8")) as { messages: Message[] };
    expect(messages).toHaveLength(MESSAGES);
    messages.forEach((message, index) => {
      if (message.seq !== index + 1 || message.text !== chatLine(index + 1)) throw new Error(`message ${index} is seq ${message.seq}`);
    });
    for (const index of [0, 49_999, MESSAGES - 1]) expect(MessageSchema.safeParse(messages[index]).success).toBe(true);
    expect(json.peak - json.before).toBeLessThan(GROWTH_BOUND);
  }, 60_000);

  it("streams Markdown: every message, in order, with the server's memory bounded", async () => {
    const markdown = await download("format=md&tz=Europe/Paris");
    report("md", markdown);
    const seqs = [...markdown.body.toString("utf8").matchAll(/^\*\*[^\n]+\*\* · [\d-]+ [\d:]+ · #(\d+)$/gm)].map((match) => Number(match[1]));
    expect(seqs).toHaveLength(MESSAGES);
    seqs.forEach((seq, index) => {
      if (seq !== index + 1) throw new Error(`block ${index} is seq ${seq}`);
    });
    expect(markdown.peak - markdown.before).toBeLessThan(GROWTH_BOUND);
  }, 60_000);
});
