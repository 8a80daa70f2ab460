/**
 * A load balancer for tests: a TCP proxy on a loopback port that hands each new connection to the
 * next backend in turn, and to the one after if that one refuses (it is down). No stickiness: with
 * the WebSocket transport a Socket.IO session is one TCP connection, so none is needed.
 */
import { createServer, connect, type Socket } from "node:net";

export interface TcpBalancer {
  url: string;
  /** Connections handed to each backend port so far. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export function startBalancer(backendPorts: readonly number[]): Promise<TcpBalancer> {
  let next = 0;
  const counts = new Map<number, number>();
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    return socket;
  };

  // Tries the backends in turn, starting with the next one; gives up once each has refused.
  const forward = (client: Socket, attempt: number) => {
    if (attempt >= backendPorts.length) return client.destroy();
    const port = backendPorts[(next += 1) % backendPorts.length]!;
    const backend = track(connect(port, "127.0.0.1"));
    backend.once("error", () => {
      if (backend.bytesRead === 0 && backend.bytesWritten === 0) forward(client, attempt + 1);
      else client.destroy();
    });
    backend.once("connect", () => {
      counts.set(port, (counts.get(port) ?? 0) + 1);
      client.pipe(backend).pipe(client);
      client.resume();
      backend.once("close", () => client.destroy());
      client.once("close", () => backend.destroy());
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    track(client).on("error", () => client.destroy());
    forward(client, 0);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts,
        close: () =>
          new Promise<void>((done) => {
            open.forEach((socket) => socket.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}
