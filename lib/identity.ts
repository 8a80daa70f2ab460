/**
 * Who a member is, as the server sees it. Server-side only: the browser never computes these.
 *
 * - The member id is a hash of the secret member token a browser holds. The token is never stored; the
 *   id is what messages and name reservations record. It is the same in every room the browser joins.
 * - The author id is what clients see: a hash of the room code and the member id, so one person has a
 *   stable id within a room (two authors never look the same, whatever their names) but ids cannot be
 *   matched across rooms, and neither the member id nor the token can be recovered from it.
 */
import { createHash } from "node:crypto";

export function memberIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}

/** 16 hex digits (64 bits): collisions among the members of one room are out of reach. */
export function authorIdFor(roomCode: string, memberId: string): string {
  return createHash("sha256").update(`author\n${roomCode}\n${memberId}`).digest("hex").slice(0, 16);
}
