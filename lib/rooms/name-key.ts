/**
 * The key two display names are compared by: two names with the same key are the same name in a room
 * (presence claims it, the store reserves it). Server-side only: the confusables data is 100 KB, and
 * browser code keeps the simpler nameKey of lib/protocol-rules.ts.
 *
 * Two names get one key when they read alike, whatever their code points: "Ana", "ANA", "Аna" (Cyrillic
 * А), "Ａｎａ" (full width), "𝐀𝐧𝐚" (mathematical bold), "A na", "Ana" followed by a braille blank. The
 * look-alikes come from Unicode's confusables data (UTS #39, https://www.unicode.org/reports/tr39/#Confusable_Detection)
 * through unhomoglyph, whose table is generated from confusables.txt.
 *
 * The key is stored with reservations, so it must not drift: it depends only on this code, the Unicode
 * version of Node's ICU (NFKC, case mapping) and unhomoglyph's data, which package.json pins to 1.0.x.
 * A change to any of them needs the stored keys recomputed.
 */
import unhomoglyph from "unhomoglyph";
import { BLANK_LOOKING } from "../protocol-text";

// Nothing a reader can see: default-ignorable code points (joiners, variation selectors, Hangul
// fillers...), every kind of white space, and the letters and symbols that draw as blank.
const UNSEEN = new RegExp(`[\\p{Default_Ignorable_Code_Point}\\p{White_Space}]|${BLANK_LOOKING.source}`, "gu");

/** UTS #39's skeleton: NFD, each character replaced by its prototype, NFD again. */
function skeleton(text: string): string {
  return unhomoglyph(text.normalize("NFD")).normalize("NFD");
}

/** Full case folding as near as JavaScript gets: upper then lower also folds "ß" to "ss", "ς" to "σ". */
function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

export function nameKey(name: string): string {
  const seen = name.normalize("NFKC").replace(UNSEEN, "");
  // The skeleton is taken first as the name is shown, where "ΑΝΑ" (Greek capitals) reads as "ANA"; then
  // again after folding case, so that a look-alike of the lower-case form ("аna", Cyrillic а) meets
  // its Latin prototype too. Both passes are needed: folding first would turn "ΑΝΑ" into "ανα",
  // whose skeleton is "ava".
  return foldCase(skeleton(foldCase(skeleton(seen))));
}
