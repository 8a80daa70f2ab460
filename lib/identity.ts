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

/**
 * Remembered author ids: every message read (a history page is 50) needs its author's, and a room has few
 * authors, so a SHA-256 per message was a measurable share of a history page (docs/performance.md). The
 * map is dropped whole when full: a bound on memory with no eviction bookkeeping.
 */
const AUTHOR_IDS_KEPT = 10_000;
const authorIds = new Map<string, string>();

/** 16 hex digits (64 bits): collisions among the members of one room are out of reach. */
export function authorIdFor(roomCode: string, memberId: string): string {
  const key = `${roomCode}\n${memberId}`;
  let id = authorIds.get(key);
  if (id === undefined) {
    id = createHash("sha256").update(`author\n${key}`).digest("hex").slice(0, 16);
    if (authorIds.size >= AUTHOR_IDS_KEPT) authorIds.clear();
    authorIds.set(key, id);
  }
  return id;
}
