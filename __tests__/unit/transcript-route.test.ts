/**
 * The transcript route's streaming, over a real HTTP connection with the reads and limits injected:
 * it waits for the history budget instead of failing, stops reading when the client leaves, and cuts
 * the connection when a read fails after the head was sent. Formats and refusals are tested against
 * the real server in __tests__/integration/transcript.test.ts.
 */
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DomainError } from "@/lib/errors";
import { serveTranscript, type TranscriptRouteDeps } from "@/lib/http/transcript-route";
import { HISTORY_PAGE_MAX } from "@/lib/protocol";
import { storedMessage } from "../fixtures";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Calls {
  pageReads: number;
  pages: number;
  failures: unknown[];
}

/** A room of `total` messages of about 1 KB; `pageRead` and `messagesAfter` may be replaced. */
function fakeDeps(total: number, overrides: Partial<TranscriptRouteDeps> = {}): { deps: TranscriptRouteDeps; calls: Calls } {
  const calls: Calls = { pageReads: 0, pages: 0, failures: [] };
  const deps: TranscriptRouteDeps = {
    lookUp: async () => "ABCDEFGHJ",
    unlock: async () => undefined,
    pageRead: async () => void (calls.pageReads += 1),
    async messagesAfter(_code, afterSeq, limit) {
      calls.pages += 1;
      const last = Math.min(total, afterSeq + limit);
      const messages = Array.from({ length: last - afterSeq }, (_, i) => storedMessage(afterSeq + i + 1, { text: "x".repeat(1000) }));
      return { messages, hasMore: last < total };
    },
    failed: (error) => void calls.failures.push(error),
    now: () => new Date("2026-12-07T12:00:00Z"),
    ...overrides,
  };
  return { deps, calls };
}

async function serve(deps: TranscriptRouteDeps): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (!serveTranscript(req, res, deps)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/rooms/ABCDEFGHJ/transcript?format=json` };
}

describe("transcript streaming", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("charges every page and waits for the budget when it runs out, rather than failing", async () => {
    let refusals = 0;
    const { deps, calls } = fakeDeps(5 * HISTORY_PAGE_MAX);
    const charge = deps.pageRead;
    // Every second charge is refused once, for 30 ms.
    deps.pageRead = async (ip) => {
      if (calls.pageReads % 2 === 1 && refusals < calls.pageReads) {
        refusals = calls.pageReads;
        throw new DomainError("rate_limited", "Too many history requests. Wait a moment.", 30);
      }
      return charge(ip);
    };
    let url: string;
    ({ server, url } = await serve(deps));
    const started = performance.now();
    const body = (await (await fetch(url)).json()) as { messages: { seq: number }[] };
    expect(body.messages.map((message) => message.seq)).toEqual(Array.from({ length: 5 * HISTORY_PAGE_MAX }, (_, i) => i + 1));
    expect(calls.pageReads).toBe(5);
    expect(calls.pages).toBe(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 30);
    expect(calls.failures).toEqual([]);
  });

  it("stops reading the room when the client goes away", async () => {
    // 100 MB of messages: far more than the socket buffers between a client that stopped reading and the route.
    const { deps, calls } = fakeDeps(100_000);
    let url: string;
    ({ server, url } = await serve(deps));
    await new Promise<void>((resolve, reject) => {
      const request = get(url, (response) => {
        response.once("data", () => {
          request.destroy();
          resolve();
        });
      });
      request.once("error", (error) => (request.destroyed ? undefined : reject(error)));
    });
    await sleep(200);
    const pagesWhenGone = calls.pages;
    await sleep(300);
    expect(calls.pages).toBe(pagesWhenGone);
    expect(calls.pages).toBeLessThan(100);
    expect(calls.failures).toEqual([]);
  });

  it("waits for a slow reader instead of reading ahead", async () => {
    const { deps, calls } = fakeDeps(100_000);
    let url: string;
    ({ server, url } = await serve(deps));
    const request = get(url, (response) => response.pause());
    await sleep(500);
    // Only what fits in the socket buffers has been read: a few pages of 100 KB, not the 1,000 of the room.
    expect(calls.pages).toBeGreaterThan(0);
    expect(calls.pages).toBeLessThan(100);
    request.destroy();
  });

  it("cuts the connection when a read fails after the head, so the file is not taken for complete", async () => {
    const { deps, calls } = fakeDeps(1_000);
    const read = deps.messagesAfter;
    deps.messagesAfter = async (code, afterSeq, limit) => {
      if (afterSeq >= 2 * HISTORY_PAGE_MAX) throw new Error("disk on fire");
      return read(code, afterSeq, limit);
    };
    let url: string;
    ({ server, url } = await serve(deps));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(calls.failures).toEqual([new Error("disk on fire")]);
  });

  it("runs at most two downloads at once for one address, and frees the slot when one ends", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { deps } = fakeDeps(10, { lookUp: () => held.then(() => "ABCDEFGHJ") });
    const served = await serve(deps);
    server = served.server;
    const status = () => new Promise<number>((resolve, reject) => get(served.url, (response) => { response.resume(); response.on("end", () => resolve(response.statusCode ?? 0)); }).on("error", reject));
    const first = [status(), status()];
    await sleep(50);
    expect(await status()).toBe(429);
    release();
    expect(await Promise.all(first)).toEqual([200, 200]);
    expect(await status()).toBe(200);
  });
});
