import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { joinMiddleware, type JoinState } from "./join";
import { registerRoomHandlers } from "./room-handlers";
import type { ChatServer, RealtimeDeps } from "./types";

/** The largest payload the protocol needs: a 4000-character message in UTF-8 plus its envelope. */
export const MAX_PAYLOAD_BYTES = 20 * 1024;

/**
 * Attaches Socket.IO to the app's HTTP server, on the default path (/socket.io/). Same-origin only:
 * no CORS is configured, so browsers on other origins cannot use the long-polling transport.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): ChatServer {
  const io: ChatServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // Leave other upgrade requests (Next's dev hot reload at /_next/webpack-hmr) alone.
    destroyUpgrade: false,
  });
  const state: JoinState = { arrivals: new WeakSet(), admitted: new WeakSet() };
  const admit = joinMiddleware(deps, state);
  io.use((socket, next) => void admit(socket, next));
  io.on("connection", (socket) => registerRoomHandlers(io, socket, deps, state));
  return io;
}
