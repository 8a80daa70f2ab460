import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createDrain } from "./drain";
import { joinMiddleware } from "./join";
import { registerMessageHandlers } from "./message-handlers";
import { registerPresenceHandlers } from "./presence-handlers";
import type { ChatServer, HandlerContext, RealtimeDeps } from "./types";

/** The largest payload the protocol needs: a 4000-character message in UTF-8 plus its envelope. */
export const MAX_PAYLOAD_BYTES = 20 * 1024;

export interface Realtime {
  io: ChatServer;
  /**
   * Graceful stop: tell clients the server is restarting, refuse new writes, let the ones in flight
   * finish and be acknowledged, then disconnect everyone and stop accepting connections.
   */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Attaches Socket.IO to the app's HTTP server, on the default path (/socket.io/). Same-origin only:
 * no CORS is configured, so browsers on other origins cannot use the long-polling transport.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const io: ChatServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // Leave other upgrade requests (Next's dev hot reload at /_next/webpack-hmr) alone.
    destroyUpgrade: false,
  });
  const ctx: HandlerContext = { io, deps, drain: createDrain(), arrivals: new WeakSet(), admitted: new WeakSet() };
  const admit = joinMiddleware(ctx);
  io.use((socket, next) => void admit(socket, next));
  io.on("connection", (socket) => {
    ctx.admitted.add(socket);
    registerMessageHandlers(ctx, socket);
    registerPresenceHandlers(ctx, socket);
  });

  return {
    io,
    async close(timeoutMs) {
      io.emit("server:restarting");
      await ctx.drain.drain(timeoutMs);
      // io.close() disconnects every socket and closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}
