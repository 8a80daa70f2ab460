/**
 * The half of the contract that needs no schema library: how room codes are spelled, how names are
 * compared, how text is measured, and the limits. lib/protocol.ts builds its zod schemas on these and
 * re-exports all of them, so it stays the one place to read the contract.
 *
 * Why a separate file: importing any value from lib/protocol.ts runs every `z.object(...)` in it, and
 * the bundler keeps those calls (and zod, about 17 KB gzipped) even when no schema is used. Browser
 * code that runs before hydration (the pages' forms, the room's header and member list) imports its
 * values from here and only types from lib/protocol.ts; zod arrives with the realtime code
 * (lib/client/realtime.ts), after hydration. See docs/performance.md#browser-first-load-javascript.
 */

// ---------------------------------------------------------------------------------------------
// Room codes. 9 symbols from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L):
// 9 * log2(31) = 44.6 bits. Shown as "ABC-DEF-GHJ"; accepted in any case, with or without separators.

export const ROOM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const ROOM_CODE_LENGTH = 9;
const ROOM_CODE_GROUP = 3;
const CANONICAL_CODE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** Upper-cases and strips spaces, dashes and dots; returns null if the rest is not a room code. */
export function normalizeRoomCode(input: string): string | null {
  const compact = input.normalize("NFKC").toUpperCase().replace(/[\s.\-_]/g, "");
  return CANONICAL_CODE.test(compact) ? compact : null;
}

/** "ABCDEFGHJ" -> "ABC-DEF-GHJ", the form people read and share. */
export function formatRoomCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += ROOM_CODE_GROUP) groups.push(code.slice(i, i + ROOM_CODE_GROUP));
  return groups.join("-");
}

// ---------------------------------------------------------------------------------------------
// Names and text.

export const NAME_MAX_LENGTH = 32;
/** How long a room may live after its last message, in hours, as its creator chooses (issue 19). */
export const ROOM_LIFETIME_HOURS = [1, 24, 168, 720] as const;
export type RoomLifetimeHours = (typeof ROOM_LIFETIME_HOURS)[number];
/** A new room's lifetime when its creator does not choose: 7 days. */
export const DEFAULT_ROOM_LIFETIME_HOURS: RoomLifetimeHours = 168;
/** A passphrase is at most this many characters (code points). */
export const PASSPHRASE_MAX_LENGTH = 256;
/** A deleted room's code is not handed out again for this long (days), so an old link cannot lead into a stranger's room. */
export const RETIRED_CODE_DAYS = 30;
export const MESSAGE_MAX_LENGTH = 4000;

/** A reply quotes this many characters (code points) of the message it answers. */
export const REPLY_EXCERPT_MAX_LENGTH = 100;
/** Distinct emoji one message may carry. */
export const REACTIONS_PER_MESSAGE_MAX = 20;

/**
 * What a reply shows of the message it answers: the first REPLY_EXCERPT_MAX_LENGTH code points of its
 * current text, "" once it is deleted. The server computes it when it reads a reply; the client
 * computes it again when the answered message changes, so both must use this one definition.
 */
export function replyExcerpt(text: string): string {
  const points = Array.from(text);
  return points.length <= REPLY_EXCERPT_MAX_LENGTH ? text : points.slice(0, REPLY_EXCERPT_MAX_LENGTH).join("");
}

/** Length in code points, so that an emoji counts once rather than as two UTF-16 units. */
export function textLength(text: string): number {
  return Array.from(text).length;
}

/**
 * Names are unique per room regardless of case and of invisible characters: "Ana", "ANA" and "A\u200Dna"
 * look like the same person to readers, so they are the same name.
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").replace(/\p{Default_Ignorable_Code_Point}/gu, "").toLocaleLowerCase("en-US");
}
