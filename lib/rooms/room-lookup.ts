import type { RateLimits } from "../limits/rate-limits";
import { normalizeRoomCode } from "../protocol";
import { DomainError } from "./errors";
import type { RoomService } from "./room-service";

/**
 * Finds a room by any spelling of its code, on behalf of a client address. Lookups of codes that
 * name no room are counted per address, and an address over the limit is refused before the
 * lookup: so nobody can enumerate codes over HTTP or the handshake alike.
 */
export async function lookUpRoom(rooms: RoomService, limits: RateLimits, ip: string, spelling: string): Promise<string> {
  await limits.assertCodeLookupAllowed(ip);
  const code = normalizeRoomCode(spelling);
  if (code === null || (await rooms.findRoom(code)) === null) {
    await limits.badCode(ip);
    throw new DomainError("room_not_found", "There is no room with that code.");
  }
  return code;
}
