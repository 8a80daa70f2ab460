/**
 * Each connection is in its chat room and in its member's own room, so that an owner's kick reaches
 * every connection of that member, on every instance, through the adapter (io.in(memberRoom).…).
 */
import type { ApiError } from "../protocol";

/** The Socket.IO room of one member's connections in one chat room. The "/" keeps it apart from room codes. */
export function memberRoom(code: string, memberId: string): string {
  return `${code}/${memberId}`;
}

/** What a kicked member's connections are told before they are closed. */
export const KICKED: ApiError = { code: "kicked", message: "The room's owner removed you from this room." };
