/**
 * Write coalescing on a real Socket.IO server and real client connections over loopback: the packets a
 * connection is sent in one turn reach the kernel in one write, complete and in order, on either
 * transport. The count of writes is read where the TCP socket hands data to the kernel.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket as TcpSocket } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { CHECKED_ENGINE_IO, coalesceSocketWrites, coalesceWrites, engineIoVersion } from "@/lib/realtime/coalesce-writes";

const PACKETS = 10;

interface Setup {
  http: HttpServer;
  io: Server;
  url: string;
}

async function startServer(coalesce: boolean): Promise<Setup> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  if (coalesce) expect(coalesceWrites(io.engine)).toBe(true);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { http, io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

/** Counts the times Node hands this TCP socket's data to the kernel (one write system call each). */
function countKernelWrites(tcp: TcpSocket): { count: number } {
  const counter = { count: 0 };
  const stream = tcp as TcpSocket & { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
  const write = stream._write.bind(stream);
  const writev = stream._writev.bind(stream);
  stream._write = (...args) => ((counter.count += 1), write(...args));
  stream._writev = (...args) => ((counter.count += 1), writev(...args));
  return counter;
}

async function connected(setup: Setup, transports: Array<"websocket" | "polling">): Promise<{ server: ServerSocket; client: ClientSocket }> {
  const server = new Promise<ServerSocket>((resolve) => setup.io.once("connection", resolve));
  const client = connect(setup.url, { transports, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", resolve);
    client.once("connect_error", reject);
  });
  return { server: await server, client };
}

/** Sends PACKETS events in one turn and resolves with what the client received, in order. */
async function sendInOneTurn(server: ServerSocket, client: ClientSocket): Promise<number[]> {
  const received: number[] = [];
  const all = new Promise<void>((resolve) =>
    client.on("n", (n: number) => {
      received.push(n);
      if (received.length === PACKETS) resolve();
    }),
  );
  for (let n = 0; n < PACKETS; n += 1) server.emit("n", n);
  await all;
  return received;
}

/**
 * Closes the client first and waits until the server's Engine.IO socket has closed: a polling client
 * sends its close packet in a request of its own, which must not outlive the test.
 */
async function stop(setup: Setup, server: ServerSocket, client: ClientSocket): Promise<void> {
  const gone = new Promise((resolve) => server.conn.once("close", resolve));
  client.disconnect();
  await gone;
  await new Promise<void>((resolve) => void setup.io.close(() => resolve()));
}

const inOrder = Array.from({ length: PACKETS }, (_, n) => n);

describe("write coalescing", () => {
  it.each([
    [true, 1],
    // Without it each frame is a write of its own: the baseline that makes the first case meaningful.
    [false, PACKETS],
  ])("with coalescing %s, %d events sent in one turn over WebSocket take that many writes", async (coalesce, writes) => {
    const setup = await startServer(coalesce);
    const { server, client } = await connected(setup, ["websocket"]);
    // A WebSocket-only connection's request is the upgrade request, whose socket the frames travel on.
    const kernelWrites = countKernelWrites(server.conn.request.socket);
    try {
      expect(await sendInOneTurn(server, client)).toEqual(inOrder);
      expect(kernelWrites.count).toBe(writes);
    } finally {
      await stop(setup, server, client);
    }
  });

  it("flushes every connection written to in one turn, each in one write", async () => {
    const setup = await startServer(true);
    const first = await connected(setup, ["websocket"]);
    const second = await connected(setup, ["websocket"]);
    const writes = [first, second].map(({ server }) => countKernelWrites(server.conn.request.socket));
    const received = (client: ClientSocket) =>
      new Promise<number[]>((resolve) => {
        const events: number[] = [];
        client.on("n", (n: number) => {
          events.push(n);
          if (events.length === PACKETS) resolve(events);
        });
      });
    try {
      const both = Promise.all([received(first.client), received(second.client)]);
      // Interleaved, as a group commit's acks and broadcasts to several members are.
      for (let n = 0; n < PACKETS; n += 1) {
        first.server.emit("n", n);
        second.server.emit("n", n);
      }
      expect(await both).toEqual([inOrder, inOrder]);
      expect(writes.map((counter) => counter.count)).toEqual([1, 1]);
    } finally {
      const firstGone = new Promise((resolve) => first.server.conn.once("close", resolve));
      first.client.disconnect();
      await firstGone;
      await stop(setup, second.server, second.client);
    }
  });

  it("coalesces on the WebSocket a connection upgraded to from long-polling, as browsers connect", async () => {
    const setup = await startServer(true);
    const { server, client } = await connected(setup, ["polling", "websocket"]);
    const upgraded = server.conn.upgraded ? Promise.resolve() : new Promise((resolve) => server.conn.once("upgrade", resolve));
    try {
      await upgraded;
      // After an upgrade the frames travel on the WebSocket's own TCP socket, not the first request's.
      const ws = (server.conn.transport as unknown as { socket: { _socket: TcpSocket } }).socket;
      const kernelWrites = countKernelWrites(ws._socket);
      expect(await sendInOneTurn(server, client)).toEqual(inOrder);
      expect(kernelWrites.count).toBe(1);
    } finally {
      await stop(setup, server, client);
    }
  });

  it("delivers every event in order over long-polling too", async () => {
    const setup = await startServer(true);
    const { server, client } = await connected(setup, ["polling"]);
    try {
      expect(await sendInOneTurn(server, client)).toEqual(inOrder);
    } finally {
      await stop(setup, server, client);
    }
  });

  it("leaves a connection alone when Engine.IO has no flush to defer", () => {
    expect(coalesceSocketWrites({} as never)).toBe(false);
  });

  // The version guard: an Engine.IO upgrade fails here, until the cases above pass on it and
  // CHECKED_ENGINE_IO names the new minor.
  it("runs on the Engine.IO minor it was checked against, the one Socket.IO loads", () => {
    expect(engineIoVersion()).toMatch(new RegExp(`^${CHECKED_ENGINE_IO.replace(".", "\\.")}\\.\\d+$`));
  });

  it("wraps nothing on another Engine.IO version", async () => {
    const setup = await startServer(false);
    const listeners = setup.io.engine.listenerCount("connection");
    expect(coalesceWrites(setup.io.engine, "6.7.0")).toBe(false);
    expect(coalesceWrites(setup.io.engine, "7.0.0")).toBe(false);
    expect(setup.io.engine.listenerCount("connection")).toBe(listeners);
    expect(coalesceWrites(setup.io.engine, `${CHECKED_ENGINE_IO}.99`)).toBe(true);
    expect(setup.io.engine.listenerCount("connection")).toBe(listeners + 1);
    await new Promise<void>((resolve) => void setup.io.close(() => resolve()));
  });
});
