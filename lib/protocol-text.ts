/**
 * The Unicode rules for names and message text, without a schema library: lib/protocol.ts builds its
 * zod schemas on these (and re-exports them), and the server's name key (lib/rooms/name-key.ts) drops
 * the same blank characters. Data-free: only the regular expressions' Unicode properties and
 * Intl.Segmenter, which every browser and Node already carry.
 */

/**
 * Letters and symbols that render as blank space: the Hangul fillers (letters to Unicode, so a name of
 * them alone passes a "has a letter" check), the braille blank, the Khmer inherent vowels and the
 * Mongolian vowel separator. White space is not here: names fold it to one ordinary space.
 */
export const BLANK_LOOKING = /[\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0]/u;
const EVERY_BLANK = new RegExp(BLANK_LOOKING.source, "gu");

// Invisible in a name, or able to make it display as another: controls, formats (bidi marks, zero-width
// spaces, soft hyphen, invisible operators...) and every default-ignorable code point, except those
// that visible text needs: the joiners (emoji ZWJ sequences, Indic and Persian spelling) and variation
// selectors (text/emoji presentation). Tag characters pass only inside an emoji flag such as England's
// (black flag, tags, cancel tag); elsewhere they hide text that readers do not see.
const NEEDED_INVISIBLES = "\\u200C\\u200D\\u180B-\\u180D\\u180F\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}";
const INVISIBLE_IN_NAME = new RegExp(
  `(?![${NEEDED_INVISIBLES}])[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}]`,
  "u",
);
const EMOJI_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

// What makes a name visible: a letter, a digit, or an emoji pictograph ("😀" alone is a name people use).
const VISIBLE_SYMBOL = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

/** True when a name holds a control, format or other invisible character that no name needs. */
export function hasInvisibleCharacter(name: string): boolean {
  return INVISIBLE_IN_NAME.test(name.replace(EMOJI_TAG_SEQUENCE, "\u{1F3F4}"));
}

/** True when a name holds a blank-looking character (see BLANK_LOOKING). */
export function hasBlankCharacter(name: string): boolean {
  return BLANK_LOOKING.test(name);
}

/** True when some character of the name shows: a letter, digit or pictograph that is not blank. */
export function hasVisibleSymbol(name: string): boolean {
  return VISIBLE_SYMBOL.test(name.replace(EVERY_BLANK, ""));
}

/**
 * Combining marks allowed on one character (grapheme). Real writing stacks far fewer: Vietnamese 2,
 * pointed Hebrew with cantillation 4 or 5, Devanagari conjuncts (one grapheme since Unicode 15.1) 3 to
 * 6, the tallest Tibetan stacks of Sanskrit mantras 8 or 9; an emoji keycap or ZWJ sequence carries 1
 * or 2 (variation selectors and the keycap are marks). Unicode's stream-safe text format (UAX #15)
 * bounds a run of combining marks at 30, well beyond real text; 16 leaves room above every script and
 * keeps a stack to a few lines' height, which the bubble clips. "Zalgo" text stacks dozens to thousands,
 * each mark drawing the character taller over the lines around it.
 */
export const MARKS_PER_CHARACTER_MAX = 16;

const MARK = /\p{M}/gu;
let graphemes: Intl.Segmenter | undefined;

/** True when one grapheme of the text carries more than MARKS_PER_CHARACTER_MAX combining marks. */
export function hasOverloadedCharacter(text: string): boolean {
  // Most text has fewer marks in all than one character may carry: no need to segment it.
  if ((text.match(MARK)?.length ?? 0) <= MARKS_PER_CHARACTER_MAX) return false;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    if ((segment.match(MARK)?.length ?? 0) > MARKS_PER_CHARACTER_MAX) return true;
  }
  return false;
}

// Newline and tab are text; every other C0 control, DEL and the C1 controls (U+0080 to U+009F) are not.
const CONTROL_IN_MESSAGE = /(?![\t\n])\p{Cc}/u;

/** True when a message holds a control character other than newline and tab. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_IN_MESSAGE.test(text);
}


// ---------------------------------------------------------------------------------------------
// Reactions.

// One emoji, as people pick them: a pictograph, possibly with a skin-tone modifier and a presentation
// selector, possibly several joined by ZWJ into one sequence (👩‍💻, 🏳️‍🌈). Keycaps and flags are not
// pictographs, and text is not an emoji. \p{Emoji} as well: \p{Extended_Pictographic} also holds
// code points reserved for emoji not assigned yet, which no one could see.
const EMOJI_ELEMENT = "(?=\\p{Emoji})\\p{Extended_Pictographic}(?:\\p{Emoji_Modifier}|\\uFE0F|\\uFE0E)?";
const REACTION_EMOJI = new RegExp(`^${EMOJI_ELEMENT}(?:\\u200D${EMOJI_ELEMENT})*$`, "u");
const LONE_PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const SHOWN_AS_EMOJI = /^\p{Emoji_Presentation}$/u;
/** The longest emoji sequence accepted, in UTF-16 units (the longest family sequences are about 11). */
export const REACTION_EMOJI_MAX_UNITS = 32;

/**
 * The canonical spelling of a reaction emoji, or null if `input` is not exactly one. Each element of
 * a sequence loses its presentation selectors, and a pictograph that shows as text by default gets the
 * emoji one back (Unicode's fully-qualified form), so "❤", "❤︎" and "❤️" are one reaction, and so are
 * "👩️‍💻" and "👩‍💻".
 */
export function reactionEmoji(input: string): string | null {
  // The pattern is one grapheme by construction (UAX #29: modifiers and selectors extend a pictograph,
  // and a ZWJ joins two pictographs, rule GB11), so no segmenter needs to count them.
  if (input.length === 0 || input.length > REACTION_EMOJI_MAX_UNITS || !REACTION_EMOJI.test(input)) return null;
  return input
    .split("\u200D")
    .map((element) => {
      const bare = element.replace(/[\uFE0E\uFE0F]/gu, "");
      return LONE_PICTOGRAPH.test(bare) && !SHOWN_AS_EMOJI.test(bare) ? `${bare}\uFE0F` : bare;
    })
    .join("\u200D");
}
