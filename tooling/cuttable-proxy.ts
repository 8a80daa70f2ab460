/**
 * A TCP proxy on a loopback port in front of one server, whose link a test can cut and restore: a
 * network partition, as the app sees it, that leaves the server itself and everything it holds intact
 * (stopping Redis would lose its data; pausing it would run the queued commands on resume).
 */
import { connect, createServer, type Socket } from "node:net";

export interface CuttableProxy {
  port: number;
  /** Drops every connection through the proxy and refuses new ones (they are closed at once). */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

export function startProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let isCut = false;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    return socket;
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    if (isCut) return client.destroy();
    const target = track(connect(targetPort, "127.0.0.1"));
    target.once("connect", () => {
      client.pipe(target).pipe(client);
      client.resume();
    });
    target.once("close", () => client.destroy());
    client.once("close", () => target.destroy());
  });

  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null ? address.port : 0,
        cut() {
          isCut = true;
          open.forEach((socket) => socket.destroy());
        },
        restore() {
          isCut = false;
        },
        close: () =>
          new Promise<void>((done) => {
            open.forEach((socket) => socket.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}
