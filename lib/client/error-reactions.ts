/**
 * What the browser does with each refusal, for the handshake (connect_error) and for acknowledged
 * events alike: "stop" shows the refusal and gives up (a join ends, a send is marked failed); "retry"
 * waits (retryDelay) and tries the same thing again. A new ErrorCode fails typecheck here until it is
 * given a reaction, and in components/error-text.ts until a retried one is given its wording.
 */
import type { ApiError, ErrorCode } from "../protocol";

export type Reaction = "stop" | "retry";

export const ERROR_REACTIONS = {
  // The code names no room (or it was deleted): the same request gets the same answer.
  room_not_found: "stop",
  // Someone holds the name for the room's life: only another name can help, which the person must choose.
  name_taken: "stop",
  // The name breaks the rules; resending it cannot change that.
  invalid_name: "stop",
  // The request itself is malformed (or a text too long): the same bytes are refused again.
  invalid_payload: "stop",
  // The server no longer counts this connection in the room: the page must join again (a reload).
  not_in_room: "stop",
  // A limit with a window: it passes, and the server usually says when (retryAfterMs).
  rate_limited: "retry",
  // Someone leaving frees a place; the handshake is the only request that can meet it.
  room_full: "retry",
  // Only a send can meet it (the handshake stores no text); a room's quota stays used for its life.
  quota_exceeded: "stop",
  // Limits or storage out of reach for a moment (Redis, a full disk, a join cut short).
  unavailable: "retry",
  // The server failed, not the request: the next try may well succeed.
  internal: "retry",
  // Edits, deletions and reactions: the message is not yours, or not there (any more), or full of
  // reactions. Trying again meets the same answer; the change is dropped and the person told.
  forbidden: "stop",
  message_not_found: "stop",
  too_many_reactions: "stop",
  // The owner's decisions (issue 19): the same join meets the same answer until the owner changes
  // it, or (a passphrase) until the person types another one, which the page asks for.
  kicked: "stop",
  room_locked: "stop",
  passphrase_required: "stop",
  wrong_passphrase: "stop",
  room_ended: "stop",
  // An owner action naming someone who is not (or no longer) in the room.
  member_not_found: "stop",
} as const satisfies Record<ErrorCode, Reaction>;

/** The codes after which the browser tries again by itself. */
export type RetriedCode = { [C in ErrorCode]: (typeof ERROR_REACTIONS)[C] extends "retry" ? C : never }[ErrorCode];

export function reactionTo(code: ErrorCode): Reaction {
  return ERROR_REACTIONS[code];
}

export function isRetried(code: ErrorCode): code is RetriedCode {
  return ERROR_REACTIONS[code] === "retry";
}

/** A code sent by our server, as opposed to a transport failure's text ("websocket error", "timeout"). */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_REACTIONS, value);
}

const RETRY_DELAY_MS = 1_000;
/** Waits grow up to this, so that a long outage costs the server one attempt per browser every 30 s. */
const MAX_RETRY_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s... up to 30 s for the nth refusal in a row, unless the server said how long. */
export function retryDelay(refusalsInARow: number, retryAfterMs: number | undefined): number {
  return retryAfterMs ?? Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** Math.max(0, refusalsInARow - 1));
}

/** The refusal a handshake's connect_error carries (lib/realtime/join.ts), or null for a transport failure. */
export function handshakeRefusal(error: Error & { data?: unknown }): ApiError | null {
  if (!isErrorCode(error.message)) return null;
  const data = (error.data ?? {}) as { message?: unknown; retryAfterMs?: unknown };
  const message = typeof data.message === "string" ? data.message : error.message;
  const retryAfterMs = typeof data.retryAfterMs === "number" && data.retryAfterMs >= 0 ? data.retryAfterMs : undefined;
  return retryAfterMs === undefined ? { code: error.message, message } : { code: error.message, message, retryAfterMs };
}
