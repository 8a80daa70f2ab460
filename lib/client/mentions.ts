/**
 * @-mentions as plain text: `@Name` in a message, matched case-insensitively on word boundaries
 * (letters, digits and marks of any script count as word characters, so `@Ana` does not match in
 * `@Anabel`). Names are matched literally: a name's `.` or `(` is not a pattern. No DOM here.
 */
import { NAME_MAX_LENGTH, nameKey } from "../protocol-rules";

const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;

let cached: { name: string; pattern: RegExp | null } | null = null;

function escapeRegExp(text: string): string {
  // Only syntax characters: with the u flag, escaping anything else (such as "-") is an error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function patternFor(name: string): RegExp | null {
  if (cached?.name === name) return cached.pattern;
  const trimmed = name.normalize("NFC").trim();
  // The lookarounds stand in for \b, which only knows ASCII word characters.
  const pattern = trimmed === "" ? null : new RegExp(`(?<!${WORD})@${escapeRegExp(trimmed)}(?!${WORD})`, "iu");
  cached = { name, pattern };
  return pattern;
}

/** Whether `text` mentions the person called `name`. */
export function mentionsName(text: string, name: string): boolean {
  const pattern = patternFor(name);
  return pattern !== null && pattern.test(text.normalize("NFC"));
}

/** An `@` being typed just before the caret: where it starts and what follows it so far. */
export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  query: string;
}

/**
 * Names are at most NAME_MAX_LENGTH characters (code points), so an `@` further back than this many
 * UTF-16 units (two per code point at most) is not being completed.
 */
const QUERY_MAX = NAME_MAX_LENGTH * 2;

/**
 * The mention the caret is in, if any: an `@` at the start or after white space, followed by up to
 * the caret by no line break (names may hold spaces, so a space does not end it).
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("@");
  if (start < 0 || caret - start - 1 > QUERY_MAX) return null;
  if (start > 0 && !/\s/u.test(before.charAt(start - 1))) return null;
  const query = before.slice(start + 1);
  return /[\n\r]/.test(query) ? null : { start, query };
}

/**
 * The names that complete `query`: those that start with it first, then those that contain it,
 * each group in the given order, without `yourName`; compared as the server compares names (nameKey).
 */
export function matchingNames(names: readonly string[], query: string, yourName: string, limit = 8): string[] {
  const wanted = nameKey(query);
  const you = nameKey(yourName);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const name of names) {
    const key = nameKey(name);
    if (key === you) continue;
    if (key.startsWith(wanted)) starts.push(name);
    else if (key.includes(wanted)) contains.push(name);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** `text` with the mention at `mention` (up to `caret`) completed to `@name `, and the caret after it. */
export function completeMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const rest = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}
