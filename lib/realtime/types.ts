import type { Server, Socket } from "socket.io";
import type { Logger } from "pino";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "../protocol";
import type { PresenceRegistry } from "../rooms/presence";
import type { RoomService } from "../rooms/room-service";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  rooms: RoomService;
  presence: PresenceRegistry;
  logger: Logger;
}
