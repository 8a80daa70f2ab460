/**
 * Rooms and the people in them: room codes, display names, joining and presence. Part of the contract
 * (lib/protocol.ts re-exports it).
 */
import * as z from "zod/mini";
import type { Message } from "./protocol-messages";
import { NAME_MAX_LENGTH, PASSPHRASE_MAX_LENGTH, normalizeRoomCode, textLength } from "./protocol-rules";
import type { RoomState } from "./protocol-owner";
import { MARKS_PER_CHARACTER_MAX, hasBlankCharacter, hasInvisibleCharacter, hasOverloadedCharacter, hasVisibleSymbol } from "./protocol-text";

// Room codes (spelling and formatting live in lib/protocol-rules.ts).

/** Accepts any spelling of a code and outputs the canonical one (upper case, no separators). */
export const RoomCodeSchema = z.pipe(
  z.string().check(z.maxLength(64)),
  z.transform((value: string, ctx) => {
    const code = normalizeRoomCode(value);
    if (code === null) {
      ctx.issues.push({ code: "custom", message: "That is not a room code.", input: value });
      return z.NEVER;
    }
    return code;
  }),
);

// ---------------------------------------------------------------------------------------------
// Display names.

// The Unicode rules behind these schemas live in lib/protocol-text.ts. Names are compared by a key
// that also folds look-alikes (lib/rooms/name-key.ts, server-side: its confusables data is 100 KB).

export const DisplayNameSchema = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(NAME_MAX_LENGTH * 8)),
    // Every kind of space (no-break, thin, ideographic...) becomes one ordinary space: "A\u00A0na" is
    // "A na", not a spelling of its own.
    z.transform((value: string) => value.normalize("NFC").replace(/\p{Zs}+/gu, " ").trim()),
  ),
  z.string().check(
    z.minLength(1, "Enter a name."),
    z.refine((name: string) => name.isWellFormed(), "That name has a broken character in it."),
    z.refine((name: string) => textLength(name) <= NAME_MAX_LENGTH, `Names are at most ${NAME_MAX_LENGTH} characters.`),
    // Blank before invisible: the Hangul fillers are both, and "blank" is what the person sees.
    z.refine((name: string) => !hasBlankCharacter(name), "Names cannot contain blank characters."),
    z.refine((name: string) => !hasInvisibleCharacter(name), "Names cannot contain control characters or other invisible characters."),
    z.refine((name: string) => hasVisibleSymbol(name), "Names need at least one letter, digit or emoji."),
    z.refine(
      (name: string) => !hasOverloadedCharacter(name),
      `Names can have at most ${MARKS_PER_CHARACTER_MAX} accents on one character.`,
    ),
  ),
);

// ---------------------------------------------------------------------------------------------
// Joining, presence.

/** A member token is a browser-held secret that lets a reconnecting browser reclaim its name. */
export const MemberTokenSchema = z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const JoinAuthSchema = z.object({
  code: RoomCodeSchema,
  name: DisplayNameSchema,
  memberToken: MemberTokenSchema,
  /** The room's owner key, kept by the creator's browser: whoever brings it is the owner (issue 19). */
  ownerKey: z.optional(z.string().check(z.maxLength(128))),
  /** The room's passphrase, for someone new to a room that has one. */
  passphrase: z.optional(z.string().check(z.maxLength(PASSPHRASE_MAX_LENGTH * 8))),
});
export type JoinAuth = z.input<typeof JoinAuthSchema>;

/**
 * "reconnecting": the member's last connection dropped less than PRESENCE_GRACE_MS ago; it keeps its
 * name and its place in the list, and its return is not announced as a join. Absent means present.
 */
export const MemberStatusSchema = z.enum(["present", "reconnecting"]);
export type MemberStatus = z.infer<typeof MemberStatusSchema>;

export const MemberSchema = z.object({ name: z.string(), status: z.optional(MemberStatusSchema) });
export type Member = z.infer<typeof MemberSchema>;

export interface RoomSnapshot {
  code: string;
  /** Who this connection is: its name, and the author id its messages carry. */
  you: Member & { id: string };
  members: Member[];
  /** The newest page of history, oldest first. */
  messages: Message[];
  /** True when older messages exist before the first one in `messages`. */
  hasOlder: boolean;
  /**
   * The room's change number when the snapshot was read: `messages` are in their state as of it (or
   * later), and changes:since from it brings every change after.
   */
  lastChange: number;
  /** The room's owner, lock, passphrase, lifetime and kicked members (lib/protocol-owner.ts). */
  room: RoomState;
}

export interface MemberChange {
  member: Member;
  members: Member[];
}

