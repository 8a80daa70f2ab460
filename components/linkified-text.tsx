/**
 * Message text with its web addresses made clickable. Every part is a React text child, so nothing
 * the sender typed is ever parsed as HTML; only addresses that the URL parser reads as http: or
 * https: become links, which rules out javascript:, data:, vbscript: and the like in any spelling.
 * A link whose host mixes scripts ("аpple.com", Cyrillic "а") shows the parsed address, host in
 * punycode, rather than the look-alike the sender typed.
 *
 * Why not linkify-it (tried in issue 16, 2026-12-07): it is 4.5 KB gzipped with its Unicode tables
 * (6.1.0, esbuild, minified), against 1.6 KB for this file and deceptive-host.ts, on a room page at
 * 146.1 KB of its 150 KB first-load budget; and the rule that matters here, http: and https: only,
 * checked by the URL parser, would still be ours. The Markdown reader (lib/client/markdown.ts) has
 * its own link finding switched off and sends its text runs here, so links are found in one place.
 */
import { Fragment } from "react";
import { isDeceptiveHost } from "./deceptive-host";

/**
 * A run of plain text, or an address to link: `text` is exactly what the sender wrote, `label` what the
 * link shows (the same text, or the parsed address when its host could pass for another).
 */
export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string; label: string };

// A candidate runs from http(s):// to the next whitespace, double quote, "<" (as in GitHub's autolinks:
// https://github.github.com/gfm/#autolinks-extension-, so "<a>https://x.example</a>" links only the
// address) or bidi control (which would let the shown address read differently from the real one).
// It must not start inside a word. An address without a scheme starts with "www." after a space, the
// text's start or "*_~(" (GitHub's rule again), and is linked as http:, as GitHub does.
const CANDIDATE = /(?:(?<![\p{L}\p{N}])https?:\/\/|(?<=^|[\s*_~(])www\.)[^\s"<\u200E\u200F\u202A-\u202E\u2066-\u2069]+/giu;
// Sentence punctuation after an address belongs to the sentence: "see https://example.com.", and so
// do Markdown's emphasis marks, "**www.example.com**", as in GitHub's autolinks.
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", "'", "`", "…", "*", "_", "~"]);
const CLOSER_TO_OPENER = new Map([
  [")", "("],
  ["]", "["],
  ["}", "{"],
  [">", "<"],
]);

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Drops trailing punctuation, and closing brackets the address did not open: "(https://x.com/a_(b))." */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? "";
    const opener = CLOSER_TO_OPENER.get(last);
    const unmatched = opener !== undefined && count(url, last) > count(url, opener);
    if (!TRAILING_PUNCTUATION.has(last) && !unmatched) return url;
    url = url.slice(0, -1);
  }
}

/**
 * The parsed address to link to, or null. Addresses with a user name or password stay text:
 * "https://bank.example@evil.example" reads as the bank but leads elsewhere.
 */
function safeUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(/^www\./i.test(text) ? `http://${text}` : text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "" || url.username !== "" || url.password !== "") return null;
  // "www." alone, or "www.example." at a sentence's end once trimmed, is not an address.
  if (!/^www\.[^.]+\./i.test(url.hostname) && /^www\./i.test(text)) return null;
  return url;
}

/** Splits text into plain runs and links; joining every part's `text` gives back the input exactly. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plainStart = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const written = trimTrailing(match[0]);
    const url = safeUrl(written);
    if (url === null) continue;
    if (match.index > plainStart) parts.push({ kind: "text", text: text.slice(plainStart, match.index) });
    // The WHATWG URL parser already gives the host in punycode: the parsed address is the honest label.
    const label = isDeceptiveHost(url.hostname) ? url.href : written;
    parts.push({ kind: "link", text: written, href: url.href, label });
    plainStart = match.index + written.length;
  }
  if (plainStart < text.length) parts.push({ kind: "text", text: text.slice(plainStart) });
  return parts;
}

// The link keeps the bubble's own colour (white on indigo, dark on white) and is told apart by its
// underline; long addresses wrap anywhere rather than stretch the bubble.
const LINK_CLASS =
  "break-all underline underline-offset-2 [overflow-wrap:anywhere] hover:decoration-2 focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-current";

/** Message text with clickable http(s) links; place it in an element with `whitespace-pre-wrap`. */
export function LinkifiedText({ text }: { text: string }) {
  let offset = 0;
  return splitLinks(text).map((part) => {
    const key = offset;
    offset += part.text.length;
    if (part.kind === "text") return <Fragment key={key}>{part.text}</Fragment>;
    return (
      <a key={key} href={part.href} target="_blank" rel="noopener noreferrer nofollow" className={LINK_CLASS}>
        {part.label}
      </a>
    );
  });
}
