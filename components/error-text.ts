/** Every error code in plain words, for people. The server's `message` is for logs and bots. */
import type { RetriedCode } from "@/lib/client/error-reactions";
import type { ApiError, ErrorCode } from "@/lib/protocol";

export const ERROR_TEXT: Record<ErrorCode, string> = {
  room_not_found: "There is no room with that code. Check it with the person who shared it.",
  name_taken: "Someone in this room already uses that name. Pick another one.",
  invalid_name: "That name cannot be used. Use up to 32 letters, digits or symbols.",
  invalid_payload: "The request was not understood. Reload the page and try again.",
  not_in_room: "You are no longer in this room. Reload the page to join again.",
  rate_limited: "That was too fast. Wait a moment, then try again.",
  room_full: "This room is full right now. Try again later.",
  quota_exceeded: "This room has no room left for new messages. Start a new room to keep talking.",
  unavailable: "The server cannot store messages right now (restarting, or out of space). Yours will be sent when it can.",
  internal: "Something went wrong. Try again in a moment.",
  forbidden: "Only its author can change that message.",
  message_not_found: "That message was deleted.",
  too_many_reactions: "That message has as many different reactions as it can take.",
  kicked: "The room's owner removed you from this room.",
  room_locked: "The room's owner locked this room: nobody new can join it.",
  passphrase_required: "This room needs a passphrase. Ask the person who shared it.",
  wrong_passphrase: "That passphrase is not right. Check it with the person who shared it.",
  member_not_found: "Nobody in this room has that name.",
  room_ended: "The room's owner ended this room. Its messages are deleted.",
};

export function errorText(code: ErrorCode): string {
  return ERROR_TEXT[code];
}

/** What holds up a join that the browser retries by itself (lib/client/error-reactions.ts), in a few words. */
const WAITING_TEXT: Record<RetriedCode, string> = {
  rate_limited: "Too many connections from your network",
  room_full: "Room is full",
  unavailable: "Server busy",
  internal: "Server error",
};

/** "Room is full, retrying in 5 s", or "…, retrying now" once the wait is over. */
export function retryText(code: RetriedCode, secondsLeft: number): string {
  return `${WAITING_TEXT[code]}, retrying ${secondsLeft > 0 ? `in ${secondsLeft} s` : "now"}`;
}

/**
 * For a failed send, the message says more than the code: which limit a text broke, or that the
 * browser is offline and kept the text (lib/client/session/delivery.ts writes those for people).
 */
export function sendErrorText(error: ApiError): string {
  const specific = error.code === "invalid_payload" || error.code === "internal";
  return specific && error.message !== "" ? error.message : errorText(error.code);
}

/** An owner action's refusal: "forbidden" there means the room, not a message, is someone else's. */
export function ownerActionErrorText(error: ApiError): string {
  return error.code === "forbidden" ? "Only the room's owner can do that." : sendErrorText(error);
}
