/**
 * Fills a room with many messages over the public socket protocol (docs/protocol.md), from Node, as
 * a bot would. It needs the e2e server's raised message limits (playwright.config.ts): at the
 * defaults a member may send 30 messages a minute.
 */
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../lib/protocol";

type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Sends in flight at once: enough to keep the server's group commit busy, few enough to stay polite. */
const IN_FLIGHT = 200;
const WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".split(" ");

/** Chat-like text of varied length: mostly a line, sometimes a paragraph, a second line or a link. */
export function sampleText(n: number): string {
  const length = 3 + ((n * 7919) % (n % 9 === 0 ? 90 : 18));
  const words = Array.from({ length }, (_, i) => WORDS[(n + i * 31) % WORDS.length] ?? "");
  const text = `#${n} ${words.join(" ")}`;
  if (n % 23 === 0) return `${text}\nand a second line`;
  if (n % 37 === 0) return `${text} https://example.com/${n}`;
  return text;
}

async function connect(baseURL: string, code: string, name: string): Promise<BotSocket> {
  const socket: BotSocket = io(baseURL, { auth: { code, name, memberToken: `seed-${randomUUID()}` }, transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("room:snapshot", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

async function send(socket: BotSocket, text: string): Promise<void> {
  const ack = await socket.timeout(30_000).emitWithAck("message:send", { text, clientId: randomUUID() });
  if (!ack.ok) throw new Error(`seeding refused: ${ack.error.code} ${ack.error.message}`);
}

/** One member joins, sends `texts` one at a time with `pauseMs` between them, and leaves. */
export async function chatLive(baseURL: string, code: string, name: string, texts: readonly string[], pauseMs: number): Promise<void> {
  const socket = await connect(baseURL, code, name);
  try {
    for (const text of texts) {
      await send(socket, text);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    socket.disconnect();
  }
}

/**
 * Puts `total` messages in the room, by two authors: `first` is the oldest (seq 1) and `last` the
 * newest; the ones between are sent concurrently, so their numbers (#n) are not in seq order.
 */
export async function seedRoom(baseURL: string, code: string, { total, first, last }: { total: number; first: string; last: string }): Promise<void> {
  const authors = [await connect(baseURL, code, "Ada"), await connect(baseURL, code, "Bo")];
  try {
    await send(authors[0] as BotSocket, first);
    let next = 2;
    const worker = async (socket: BotSocket) => {
      for (let n = next++; n < total; n = next++) await send(socket, sampleText(n));
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => worker(authors[i % authors.length] as BotSocket)));
    await send(authors[1] as BotSocket, last);
  } finally {
    for (const socket of authors) socket.disconnect();
  }
}
