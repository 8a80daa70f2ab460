import type { Server, ServerOptions, Socket } from "socket.io";
import type { Logger } from "pino";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "../protocol";
import type { Config } from "../config";
import type { RateLimits } from "../limits/rate-limits";
import type { Metrics } from "../metrics";
import type { PresenceRegistry } from "../rooms/presence";
import type { RoomAccess } from "../rooms/room-access";
import type { RoomOwner } from "../rooms/room-owner";
import type { RoomService } from "../rooms/room-service";
import type { Drain } from "./drain";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  rooms: RoomService;
  /** Who may join: the owner's kicks, lock and passphrase. */
  access: RoomAccess;
  /** The owner's actions and the room's state. */
  owner: RoomOwner;
  presence: PresenceRegistry;
  logger: Logger;
  limits: RateLimits;
  metrics: Metrics;
  config: Pick<Config, "limits" | "allowedOrigins" | "trustProxy" | "ipv6PrefixLength" | "redis">;
  /** How long a dropped member stays listed before "member:left" (0: announce at once). */
  presenceGraceMs: number;
  /** Fans broadcasts out to the other instances (REDIS_URL); without it, Socket.IO's in-process adapter. */
  adapter?: ServerOptions["adapter"] | undefined;
}

/** What every handler module receives: the server, its dependencies and the shared per-server state. */
export interface HandlerContext {
  io: ChatServer;
  deps: RealtimeDeps;
  drain: Drain;
  /** Sockets whose member was not in the room before: their arrival is announced. */
  arrivals: WeakSet<ChatSocket>;
  /** Sockets whose member was in its grace period (reconnecting): the others are told it is present again. */
  resumed: WeakSet<ChatSocket>;
  /** Sockets whose handshake brought the owner key to a room whose owner it was not: the room is told. */
  ownerClaims: WeakSet<ChatSocket>;
  /** Sockets that completed the handshake; others release their claim if the transport closes. */
  admitted: WeakSet<ChatSocket>;
  /** Ids of sockets in the handshake, which may hold a claim already: live, though not yet in io.of("/").sockets. */
  joining: Set<string>;
  /** Events received that the protocol does not define: ignored, counted. */
  stats: { unknownEvents: number };
}
