/**
 * Write coalescing: every packet a connection is sent during one event-loop turn leaves in one write
 * system call, instead of one each.
 *
 * Engine.IO hands each packet to the transport as soon as it is queued, and the WebSocket transport
 * writes every frame with a `writev` of its own. A turn that acknowledges a group commit sends each
 * member its ack and a message:created per message of the batch, so a member in a busy room got many
 * small writes per turn: `writev` was the largest item in the server's profile, about 13 µs per call
 * on loopback (docs/performance.md). Here a connection's packets wait until the end of the turn, then go
 * out together while the TCP socket is corked, so the frames share one `writev`.
 *
 * Nothing waits longer than the rest of the current turn, and order is kept: Engine.IO's own buffer
 * holds the packets, in order, and its own flush sends them. Engine.IO 6 has no option for this, so
 * this wraps its (untyped) `flush` on each connection. If a future version lacks it, connections are
 * left as they are and everything still works, one write per packet.
 *
 * Kept on measurement (issue 16, docs/performance.md): without it the writes benchmark missed its
 * target. Since `flush` is private, the wrap is applied only to the Engine.IO minor it was checked
 * against (CHECKED_ENGINE_IO; package.json pins it), and __tests__/unit/coalesce-writes.test.ts fails
 * on any other until it is checked again.
 */
import { readFileSync } from "node:fs";
import type { Socket as TcpSocket } from "node:net";
import path from "node:path";
import type { Server as EngineServer, Socket as EngineSocket, Transport } from "engine.io";

interface Flushable {
  flush(): void;
}

/**
 * The TCP socket under a WebSocket transport: Engine.IO keeps the `ws` socket as `transport.socket`,
 * and `ws` keeps the TCP socket as `_socket` (Engine.IO's own typings name it). Polling has none: it
 * already sends everything buffered as one HTTP response.
 */
function tcpSocketOf(transport: Transport): TcpSocket | undefined {
  const ws = (transport as Transport & { socket?: { _socket?: unknown } }).socket;
  const tcp = ws?._socket as Partial<TcpSocket> | undefined;
  return typeof tcp?.cork === "function" && typeof tcp.uncork === "function" ? (tcp as TcpSocket) : undefined;
}

/**
 * The connections with packets waiting, in the order they got their first one this turn. They share
 * one scheduled callback per turn rather than one each: a turn that answers a group commit writes to
 * hundreds of connections, and every callback scheduled costs an async hook per enabled
 * AsyncLocalStorage (message-handlers.ts).
 */
let waiting: Array<() => void> = [];

function flushWaiting(): void {
  const due = waiting;
  waiting = [];
  for (const flush of due) flush();
}

/**
 * After the current callback and every promise it settles: a group commit's acks and broadcasts all run
 * in the microtasks of the one callback that received its results.
 */
function flushAtEndOfTurn(flush: () => void): void {
  waiting.push(flush);
  if (waiting.length === 1) process.nextTick(flushWaiting);
}

/** Defers one connection's flush to the end of the turn; returns false if Engine.IO has no flush. */
export function coalesceSocketWrites(socket: EngineSocket): boolean {
  const target = socket as unknown as Partial<Flushable>;
  const original = target.flush;
  if (typeof original !== "function") return false;
  const flushNow = original.bind(socket);
  let pending = false;
  const flushCorked = () => {
    pending = false;
    const tcp = tcpSocketOf(socket.transport);
    tcp?.cork();
    try {
      flushNow();
    } finally {
      tcp?.uncork();
    }
  };
  target.flush = () => {
    if (pending) return;
    pending = true;
    flushAtEndOfTurn(flushCorked);
  };
  return true;
}

/** The Engine.IO minor whose private `flush` this wrap was checked against. */
export const CHECKED_ENGINE_IO = "6.6";

/** The version of the Engine.IO that Socket.IO loads, which may be a copy of its own rather than ours. */
export function engineIoVersion(): string {
  const entry = require.resolve("engine.io", { paths: [path.dirname(require.resolve("socket.io"))] });
  // engine.io's `exports` leave out its package.json; its entry is build/engine.io.js.
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * Coalesces the writes of every connection the Engine.IO server accepts from now on; returns false, and
 * wraps nothing, on an Engine.IO other than the checked one.
 */
export function coalesceWrites(engine: EngineServer, version = engineIoVersion()): boolean {
  if (!version.startsWith(`${CHECKED_ENGINE_IO}.`)) return false;
  engine.on("connection", (socket: EngineSocket) => void coalesceSocketWrites(socket));
  return true;
}
