import type { RateLimits } from "../limits/rate-limits";
import { normalizeRoomCode } from "../protocol";
import { DomainError } from "../errors";
import type { RoomService } from "./room-service";

/**
 * Finds a room by any spelling of its code, on behalf of a client address. Every lookup is charged to
 * the address before it runs, atomically, and given back when the code names a room: so only misses
 * count, and concurrent guesses cannot all slip past the limit. Nobody can enumerate codes over HTTP
 * or the handshake alike.
 */
export async function lookUpRoom(rooms: RoomService, limits: RateLimits, ip: string, spelling: string): Promise<string> {
  await limits.codeLookup(ip);
  const code = normalizeRoomCode(spelling);
  if (code === null || (await rooms.findRoom(code)) === null) throw new DomainError("room_not_found", "There is no room with that code.");
  await limits.codeFound(ip);
  return code;
}
