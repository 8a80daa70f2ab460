/**
 * Ends a kicked member's connections in a room, on every instance. They are found among the room's
 * connections by their member id (io.in(room).fetchSockets() asks every instance through the adapter)
 * rather than kept in a Socket.IO room of their own: such a room per connection cost about 1 KB of
 * memory each (idle scenario, docs/performance.md), for the rare kick.
 */
import type { ApiError } from "../protocol";
import type { ChatServer } from "./types";

/** What a kicked member's connections are told before they are closed. */
export const KICKED: ApiError = { code: "kicked", message: "The room's owner removed you from this room." };

/** Tells each of the member's connections in the room why, then closes it (a client does not reconnect after session:ended). */
export async function endMember(io: ChatServer, roomCode: string, memberId: string): Promise<void> {
  for (const socket of await io.in(roomCode).fetchSockets()) {
    if (socket.data.memberId !== memberId) continue;
    socket.emit("session:ended", KICKED);
    socket.disconnect(true);
  }
}
