/**
 * A room's owner and its control (issue 19): the room's state everyone sees, the owner's actions and
 * what the room is told of them. Part of the contract (lib/protocol.ts re-exports it);
 * docs/protocol.md#rooms-owner-lock-passphrase-lifetime describes it.
 */
import * as z from "zod/mini";
import { PASSPHRASE_MAX_LENGTH, ROOM_LIFETIME_HOURS, textLength } from "./protocol-rules";
import { DisplayNameSchema } from "./protocol-members";

/** An owner key: 32 random bytes in base64url (43 characters); a longer or other string matches no room. */
export const OwnerKeySchema = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const PassphraseSchema = z.string().check(
  z.minLength(1, "Enter the passphrase."),
  z.maxLength(PASSPHRASE_MAX_LENGTH * 8),
  z.refine((value: string) => textLength(value) <= PASSPHRASE_MAX_LENGTH, `A passphrase is at most ${PASSPHRASE_MAX_LENGTH} characters.`),
);

export const RoomLifetimeSchema = z.union(
  ROOM_LIFETIME_HOURS.map((hours) => z.literal(hours)),
  { error: `A lifetime is one of ${ROOM_LIFETIME_HOURS.join(", ")} hours.` },
);

/** What everyone in a room knows of its control; sent in the snapshot and in every room:updated. */
export interface RoomState {
  /** The owner's name in the room, or null while the owner has not joined (or the room predates owners). */
  owner: string | null;
  /** Nobody new may join; members who were in the room before may come back. */
  locked: boolean;
  /** Joining (for someone new) and reading the history over HTTP need the passphrase. */
  hasPassphrase: boolean;
  /** How long the room and its history are kept after the last message (one of ROOM_LIFETIME_HOURS). */
  lifetimeHours: number;
  /** When the room is deleted if nobody writes (ISO 8601). */
  expiresAt: string;
  /** The names members had when they were kicked, oldest first: the owner may lift each. */
  kicked: string[];
}

/** What the owner did, for the notice "Ana locked the room"; `by` is the owner's name. */
export type RoomAction =
  | { kind: "kicked" | "unkicked" | "transferred"; by: string; name: string }
  | { kind: "locked" | "unlocked" | "passphrase_set" | "passphrase_cleared"; by: string }
  | { kind: "lifetime"; by: string; lifetimeHours: number };

/** server -> room: the room's state changed; `action` says who did what (absent: no notice, e.g. the owner came). */
export interface RoomUpdate {
  room: RoomState;
  action?: RoomAction;
}

// Owner actions (client -> server, each acknowledged with the room's new state, or refused forbidden).
export const KickInputSchema = z.strictObject({ name: DisplayNameSchema });
export type KickInput = z.input<typeof KickInputSchema>;
export const LockInputSchema = z.strictObject({ locked: z.boolean() });
export type LockInput = z.infer<typeof LockInputSchema>;
/** A new passphrase, or null to clear it. */
export const PassphraseInputSchema = z.strictObject({ passphrase: z.nullable(PassphraseSchema) });
export type PassphraseInput = z.infer<typeof PassphraseInputSchema>;
export const LifetimeInputSchema = z.strictObject({ lifetimeHours: RoomLifetimeSchema });
export type LifetimeInput = z.infer<typeof LifetimeInputSchema>;
export const EmptyInputSchema = z.strictObject({});
export type EmptyInput = z.infer<typeof EmptyInputSchema>;

/** room:ownerKey: a new owner key for the owner's browser; the old one stops working. */
export interface OwnerKeyResult {
  ownerKey: string;
}
