/**
 * Whether a link's host could pass for another one: "аpple.com" with a Cyrillic "а", or an all-Cyrillic
 * "аррӏе.com". Such hosts are shown in their punycode form (xn--...), as browsers' address bars do.
 * Browser code under the first-load budget, so no confusables table: only the scripts of the letters,
 * read with Unicode script property escapes, after the UTS #39 "highly restrictive" profile
 * (https://www.unicode.org/reports/tr39/#Restriction_Level_Detection): one script for the whole host,
 * or Latin with the scripts Chinese, Japanese and Korean are written in.
 */

// Scripts in which domain names are registered. A letter of any other script makes the host
// deceptive: it cannot be told apart from a look-alike without data.
const SCRIPTS = [
  "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali",
  "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao",
  "Tibetan", "Myanmar", "Georgian", "Hangul", "Ethiopic", "Khmer", "Mongolian", "Hiragana", "Katakana",
  "Bopomofo", "Han",
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, "u") }));

// Sets of scripts that may share a host, besides any single script (UTS #39, "highly restrictive").
const ALLOWED_MIXES = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
].map((scripts) => new Set(scripts));

// Japanese marks used with both kana (the prolonged sound mark "ー", the iteration marks).
const KANA_COMMON = /[\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]/u;
// What a host may hold besides letters: digits, hyphens and combining marks that take the script of
// the letter they sit on.
const NEUTRAL = /[0-9\-\p{Script=Inherited}]/u;

/** The scripts of a decoded host, or null when it holds a character that is no letter of a known script. */
function scriptsOf(host: string): Set<string> | null {
  const found = new Set<string>();
  for (const char of host) {
    if (char === "." || NEUTRAL.test(char)) continue;
    const script = SCRIPTS.find(({ pattern }) => pattern.test(char))?.name ?? (KANA_COMMON.test(char) ? "Katakana" : null);
    if (script === null) return null;
    found.add(script);
  }
  return found;
}

/**
 * True when a host (as the URL parser gives it: lower case, punycode) would display as letters of
 * several scripts that UTS #39 does not allow together, or as characters that are no letters at all.
 */
export function isDeceptiveHost(hostname: string): boolean {
  const labels = hostname.split(".");
  if (!labels.some((label) => label.startsWith("xn--"))) return false;
  const decoded = labels.map((label) => (label.startsWith("xn--") ? decodePunycode(label.slice(4)) : label));
  if (decoded.some((label) => label === null)) return true;
  const scripts = scriptsOf(decoded.join("."));
  if (scripts === null) return true;
  return scripts.size > 1 && !ALLOWED_MIXES.some((allowed) => [...scripts].every((script) => allowed.has(script)));
}

// Punycode (RFC 3492, https://www.rfc-editor.org/rfc/rfc3492#section-6.2): the decoder alone, as the
// browser has no API that turns a punycode host back into Unicode.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / 700) : Math.floor(delta / 2);
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) / 2) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
}

function digitOf(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z: 0-25
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26; // 0-9: 26-35
  return -1;
}

/** Decodes the part of a label after "xn--"; null when it is not valid punycode. */
export function decodePunycode(input: string): string | null {
  const delimiter = input.lastIndexOf("-");
  const output = delimiter > 0 ? Array.from(input.slice(0, delimiter), (char) => char.codePointAt(0) ?? 0) : [];
  let n = 0x80;
  let bias = 72;
  let i = 0;
  for (let at = delimiter > 0 ? delimiter + 1 : 0; at < input.length; ) {
    const previous = i;
    for (let weight = 1, k = BASE; ; k += BASE) {
      const digit = at < input.length ? digitOf(input.charCodeAt(at++)) : -1;
      if (digit < 0) return null;
      i += digit * weight;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      weight *= BASE - t;
      if (i > 0x10ffff * (output.length + 1)) return null;
    }
    bias = adapt(i - previous, output.length + 1, previous === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
}
