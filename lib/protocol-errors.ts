/**
 * The protocol's refusals: the closed set of error codes, the error every refusal carries and the
 * result of every acknowledged event. Part of the contract (lib/protocol.ts re-exports it).
 */
import * as z from "zod/mini";

// A closed set. The UI maps each one to friendly text (components/error-text.ts).

export const ERROR_CODES = [
  "room_not_found",
  "name_taken",
  "invalid_name",
  "invalid_payload",
  "not_in_room",
  "rate_limited",
  "room_full",
  /** The room, or the server, has used its storage quota: nothing more can be stored there for now. */
  "quota_exceeded",
  "unavailable",
  "internal",
  /** Only a message's author may edit or delete it; only the room's owner may act on the room. */
  "forbidden",
  /** No message with that id in this room (or, for an edit or a reaction, it was deleted). */
  "message_not_found",
  /** The message carries REACTIONS_PER_MESSAGE_MAX different emoji already. */
  "too_many_reactions",
  /** The room's owner removed this member: it cannot join the room again unless the owner lifts it. */
  "kicked",
  /** The owner locked the room: nobody new may join; members who were in it may come back. */
  "room_locked",
  /** Joining this room (or reading its history) needs its passphrase. */
  "passphrase_required",
  "wrong_passphrase",
  /** No member of this room has (or, for room:unkick, had when removed) that name. */
  "member_not_found",
  /** The owner ended the room: it and everything in it are deleted. */
  "room_ended",
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** With rate_limited: how long to wait before trying again. */
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The result of every acknowledged client -> server event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
