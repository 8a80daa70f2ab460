/**
 * The Markdown subset of messages, read by marked's lexer into a small tree of our own that
 * components/message-text.tsx turns into React elements (never HTML). Loaded on demand through
 * load-markdown.ts: marked is about 16 KB gzipped, kept out of the room's first load.
 *
 * Only bold, italic, strike, inline code, fenced code, quotes and lists are read. Everything else
 * marked knows (headings, rules, tables, indented code, raw HTML, link and image syntax, its own
 * autolinks) is switched off in the tokenizer, so it stays the text the sender typed; addresses are
 * found in that text by linkified-text.tsx, the one place that decides what becomes a link.
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
  override code = never;
  override heading = never;
  override lheading = never;
  override hr = never;
  override html = never;
  override def = never;
  override table = never;
  override url = never;
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
      case "escape":
        return { type: "text", text: (token as Tokens.Text).text };
      default:
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
    (token) => token.type === "space" || (token.type === "paragraph" && (token as Tokens.Paragraph).tokens.every((inline) => inline.type === "text")),
  );
}

// What every construct of the subset starts with: emphasis, strike, code and fences, escapes, quotes,
// and list markers at a line's start. Most chat messages have none, and skip the lexer: the windowed
// list mounts messages as the reader scrolls, and lexing each cost the scrolling test its long-task bound.
const MAY_HAVE_MARKDOWN = /[*_~`\\>]|^ {0,3}(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)/m;

// Messages are parsed again when the windowed list mounts them again while scrolling.
const CACHE_SIZE = 500;
const cache = new Map<string, Block[] | null>();

/** The message's blocks, or null when it has no Markdown and shows as plain text. */
export function parseMarkdown(text: string): Block[] | null {
  if (!MAY_HAVE_MARKDOWN.test(text)) return null;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const tokens = new Lexer({ gfm: true, tokenizer: new SubsetTokenizer() }).lex(text);
  const parsed = isPlain(tokens) ? null : blocks(tokens);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, parsed);
  return parsed;
}
