/**
 * The Markdown subset of messages, read by marked's lexer into a small tree of our own that
 * components/message-text.tsx turns into React elements (never HTML). Loaded on demand through
 * load-markdown.ts: marked is about 16 KB gzipped, kept out of the room's first load.
 *
 * Only bold, italic, strike, inline code, fenced code, quotes and lists are read. Everything else
 * marked knows (headings, rules, tables, indented code, raw HTML, link and image syntax, <autolinks>)
 * is switched off in the tokenizer, so it stays the text the sender typed. A bare address is read as
 * one token, kept as typed too; linkified-text.tsx is the one place that decides what becomes a link.
 * Text is taken as typed (the tokens' raw), never as marked decodes it.
 */
import { Lexer, Tokenizer, type Token, type Tokens } from "marked";

export type Inline = { type: "text"; text: string } | { type: "strong" | "em" | "del"; children: Inline[] } | { type: "code"; text: string };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "quote"; children: Block[] }
  | { type: "list"; ordered: boolean; start: number; items: Block[][] };

/** A tokenizer method that never matches: marked then reads the same characters as plain text. */
const never = (): undefined => undefined;

class SubsetTokenizer extends Tokenizer {
  // Not switched off: `url`, GFM's autolink literal, so that an address is one token whatever it holds
  // (emphasis markers in https://x.example/_a_/b must not cut it). Its link token is kept as the text
  // typed (inlines(), below), and linkified-text.tsx alone decides whether it becomes a link.
  override code = never;
  override heading = never;
  override lheading = never;
  override hr = never;
  override html = never;
  override def = never;
  override table = never;
  override autolink = never;
  override tag = never;
  override link = never;
  override reflink = never;
  override br = never;
}

function inlines(tokens: readonly Token[] | undefined): Inline[] {
  return (tokens ?? []).map((token): Inline => {
    switch (token.type) {
      case "strong":
      case "em":
      case "del":
        return { type: token.type, children: inlines((token as Tokens.Strong).tokens) };
      case "codespan":
        return { type: "code", text: (token as Tokens.Codespan).text };
      case "text":
        // The characters as typed: marked's .text decodes character references (&#769;), which would
        // let a message past the server's rules on controls and stacked marks, and turn & into &amp;.
        return { type: "text", text: token.raw };
      case "escape":
        return { type: "text", text: (token as Tokens.Escape).text };
      default:
        // A bare address (marked's "link" from its url tokenizer), and anything else: the text typed.
        return { type: "text", text: token.raw };
    }
  });
}

function blocks(tokens: readonly Token[]): Block[] {
  const result: Block[] = [];
  // A task item's "[ ] " comes as a token of its own (GFM task lists, not in the subset): keep it as text.
  let prefix: Inline[] = [];
  for (const token of tokens) {
    if (token.type === "space") continue;
    if (token.type === "checkbox") {
      prefix = [{ type: "text", text: token.raw }];
      continue;
    }
    if (token.type === "code") result.push({ type: "code", text: (token as Tokens.Code).text });
    else if (token.type === "blockquote") result.push({ type: "quote", children: blocks((token as Tokens.Blockquote).tokens) });
    else if (token.type === "list") {
      const list = token as Tokens.List;
      result.push({ type: "list", ordered: list.ordered, start: typeof list.start === "number" ? list.start : 1, items: list.items.map((item) => blocks(item.tokens)) });
    } else if (token.type === "paragraph" || token.type === "text") {
      // A list item's text is a block "text" token; its inline tokens are read as a paragraph's.
      const withInlines = token as Tokens.Paragraph;
      const children = withInlines.tokens === undefined ? [{ type: "text" as const, text: withInlines.text }] : inlines(withInlines.tokens);
      result.push({ type: "paragraph", children: [...prefix, ...children] });
      prefix = [];
    } else result.push({ type: "paragraph", children: [{ type: "text", text: token.raw }] });
  }
  return result;
}

/** Plain text: paragraphs of text only, which the plain rendering shows exactly as typed. */
function isPlain(tokens: readonly Token[]): boolean {
  return tokens.every(
    (token) => token.type === "space" || (token.type === "paragraph" && (token as Tokens.Paragraph).tokens.every((inline) => inline.type === "text" || inline.type === "link")),
  );
}

// What every construct of the subset starts with: emphasis, strike, code and fences, escapes, quotes,
// and list markers at a line's start. Most chat messages have none, and skip the lexer: the windowed
// list mounts messages as the reader scrolls, and lexing each cost the scrolling test its long-task bound.
const MAY_HAVE_MARKDOWN = /[*_~`\\>]|^ {0,3}(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)/m;

// Quotes and lists nested this deep on one line are read as plain text: marked's lexer recurses once
// per level, and a message of 4,000 ">" (or "1. 1. 1. ...") overflows the stack, which would take
// down the room page of everyone who loads that message. A list marker counts only with a space after
// it, as marked reads one, so a line of dashes is not nesting. Nesting built over several lines needs
// more indentation per level than a message could hold before the stack would overflow.
const TOO_DEEP = /^[ \t]*(?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))[ \t]*){9}/m;

// Messages are parsed again when the windowed list mounts them again while scrolling: the depth check
// and the lexer run once per text, and their verdict is kept.
const CACHE_SIZE = 500;
const cache = new Map<string, Block[] | null>();

/** The blocks of a text that may hold Markdown; null if it has none, or is nested too deep to read. */
function readBlocks(text: string): Block[] | null {
  if (TOO_DEEP.test(text)) return null;
  try {
    const tokens = new Lexer({ gfm: true, tokenizer: new SubsetTokenizer() }).lex(text);
    return isPlain(tokens) ? null : blocks(tokens);
  } catch {
    // Whatever the lexer cannot read shows as the plain text it is.
    return null;
  }
}

/** The message's blocks, or null when it has no Markdown and shows as plain text. */
export function parseMarkdown(text: string): Block[] | null {
  if (!MAY_HAVE_MARKDOWN.test(text)) return null;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parsed = readBlocks(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, parsed);
  return parsed;
}
