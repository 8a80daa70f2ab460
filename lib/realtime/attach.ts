import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { CLIENT_EVENTS } from "../protocol";
import { coalesceWrites, engineIoVersion } from "./coalesce-writes";
import { registerChangeHandlers } from "./change-handlers";
import { createDrain } from "./drain";
import { joinMiddleware } from "./join";
import { registerMessageHandlers } from "./message-handlers";
import { announceOwner, createOwnerHandlers } from "./owner-handlers";
import { originAllowed } from "./origin";
import { announceLeave, registerPresenceHandlers } from "./presence-handlers";
import { registerTypingHandlers } from "./typing-handlers";
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
  /** Tells everyone in these rooms, on every instance, that the room is gone (its lifetime ran out), and disconnects them. */
  endRooms(codes: string[]): void;
}

/** Reacts to what the presence registry learns from other instances (a no-op on one instance). */
function watchPresence(ctx: HandlerContext): void {
  const { io, deps } = ctx;
  void deps.presence.start({
    // A socket is in the handshake (ctx.joining) or in the namespace, with no gap: join.ts hands it over
    // in the "connection" listener, which Socket.IO calls right after adding it.
    *liveConnections() {
      yield* io.of("/").sockets.keys();
      yield* ctx.joining;
    },
    departed: (room, member) => void announceLeave(ctx, room, member).catch((error: unknown) => deps.logger.error({ err: error, room }, "leave failed")),
    evicted: () => {
      deps.logger.warn("other instances took this one for dead: reconnecting every local socket");
      // Closing the transport (not just the namespace) makes clients reconnect and claim their names again.
      io.local.disconnectSockets(true);
    },
    reconciled: (count) => deps.logger.warn({ count }, "released connections whose release was lost while Redis was unreachable"),
    failed: (error) => deps.logger.warn({ err: error }, "presence upkeep failed; retrying"),
  });
}

/**
 * Attaches Socket.IO to the app's HTTP server, on the default path (/socket.io/). Same-origin only:
 * no CORS is configured, so browsers on other origins cannot use the long-polling transport.
 */
export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const { allowedOrigins, trustProxy } = deps.config;
  const io: ChatServer = new Server(httpServer, {
    serveClient: false,
    // A larger frame is refused by closing the connection before it is parsed.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // Leave other upgrade requests (Next's dev hot reload at /_next/webpack-hmr) alone.
    destroyUpgrade: false,
    allowRequest: (request, callback) => callback(null, originAllowed(request, allowedOrigins, trustProxy)),
    adapter: deps.adapter,
  });
  if (!coalesceWrites(io.engine)) {
    deps.logger.warn({ engineIo: engineIoVersion() }, "write coalescing is off: this Engine.IO version was not checked (lib/realtime/coalesce-writes.ts)");
  }
  const ctx: HandlerContext = {
    io,
    deps,
    drain: createDrain(),
    arrivals: new WeakSet(),
    resumed: new WeakSet(),
    ownerClaims: new WeakSet(),
    admitted: new WeakSet(),
    joining: new Set(),
    stats: { unknownEvents: 0 },
  };
  watchPresence(ctx);
  deps.metrics.observeRealtime({ connections: () => io.of("/").sockets.size, rooms: () => chatRoomCount(io) });
  const admit = joinMiddleware(ctx);
  const ownerHandlers = createOwnerHandlers(ctx);
  io.use((socket, next) => void admit(socket, next));
  io.on("connection", (socket) => {
    ctx.admitted.add(socket);
    ctx.joining.delete(socket.id);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === "string" && CLIENT_EVENTS.has(event)) {
        // The owner's events are served from this one listener, not eight more per connection (owner-handlers.ts).
        ownerHandlers.get(event)?.apply(socket, args);
        return;
      }
      ctx.stats.unknownEvents += 1;
      deps.logger.debug({ socketId: socket.id, unknownEvents: ctx.stats.unknownEvents }, "ignored an event the protocol does not define");
    });
    registerMessageHandlers(ctx, socket);
    registerChangeHandlers(ctx, socket);
    registerPresenceHandlers(ctx, socket);
    registerTypingHandlers(ctx, socket);
    announceOwner(ctx, socket);
  });

  return {
    io,
    endRooms(codes) {
      if (codes.length === 0) return;
      io.in(codes).emit("session:ended", { code: "room_not_found", message: "This room was deleted: its lifetime after the last message ran out." });
      io.in(codes).disconnectSockets(true);
    },
    async close(timeoutMs) {
      io.emit("server:restarting");
      await ctx.drain.drain(timeoutMs);
      // The notice and the last acknowledgements leave at the end of a turn (coalesce-writes.ts), and
      // io.close() drops what a connection still holds: let that turn end first.
      await new Promise((resolve) => setImmediate(resolve));
      // io.close() disconnects every socket and closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      // Hands the connections still registered over as closed: their members get the usual grace
      // period, on another instance if they reconnect there.
      await deps.presence.stop().catch((error: unknown) => deps.logger.warn({ err: error }, "presence did not stop cleanly"));
    },
  };
}

/** Socket.IO puts every socket in a room named by its id; the chat rooms are the others. */
function chatRoomCount(io: ChatServer): number {
  const { rooms, sids } = io.of("/").adapter;
  let count = 0;
  for (const name of rooms.keys()) if (!sids.has(name)) count += 1;
  return count;
}
