/**
 * The two files a room's transcript is written as (GET /api/rooms/{code}/transcript), a page of
 * messages at a time so that the route never holds more than one page: JSON with the protocol's
 * Message objects, and Markdown for people.
 *
 * The Markdown's structure belongs to the server, never to what members wrote. Each message is a
 * header line (author, time, seq) followed by its text as a block quote: every line of the text starts
 * with "> ", so a text can use Markdown (it is Markdown in the app) but cannot end its quote, start a
 * heading or write another author's header line (CommonMark closes whatever the text opened, such as an
 * unclosed code fence, when the quote ends). Names, excerpts and emoji are escaped as inline text.
 */
import { formatRoomCode, type Message } from "../protocol";

export type TranscriptFormatName = "md" | "json";

export interface TranscriptFormat {
  contentType: string;
  fileName: string;
  head(): string;
  /** One page of messages, oldest first, in the order the pages come. */
  page(messages: readonly Message[]): string;
  tail(): string;
}

export interface TranscriptContext {
  /** The room's canonical code. */
  code: string;
  /** A zone Intl knows, spelled with letters, digits and / _ + - only (TranscriptQuerySchema), so it needs no escaping. */
  timeZone: string;
  exportedAt: Date;
}

export function transcriptFormat(name: TranscriptFormatName, context: TranscriptContext): TranscriptFormat {
  const fileName = `room-${formatRoomCode(context.code)}.${name}`;
  return name === "json" ? { ...jsonTranscript(context.code), fileName } : { ...markdownTranscript(context), fileName };
}

function jsonTranscript(code: string): Omit<TranscriptFormat, "fileName"> {
  let written = 0;
  return {
    contentType: "application/json",
    head: () => `{"code":${JSON.stringify(code)},"messages":[`,
    page(messages) {
      const items = messages.map((message) => JSON.stringify(message)).join(",");
      const separator = written > 0 && messages.length > 0 ? "," : "";
      written += messages.length;
      return separator + items;
    },
    tail: () => "]}\n",
  };
}

// The characters that start or end inline Markdown (emphasis, code, links, images, HTML, entities,
// strikethrough, table cells); backslash-escaped they are literal. The text never starts a line, so
// line-start syntax (#, >, -, 1.) cannot apply, and the rest stays as typed, for the reader.
const PUNCTUATION = /[\\`*_[\]<>&!~|]/g;
const LINE_BREAK = /\r\n|\r|\n/;

/** Text that stays literal, on one line, wherever it is put. */
function escapeInline(text: string): string {
  return text.split(LINE_BREAK).join(" ").replace(PUNCTUATION, "\\$&");
}

/** A text kept as Markdown, each of its lines inside the quote. */
function quoted(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

/** "2026-12-07 23:41:05" in the zone. */
function clock(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return (iso: string): string => {
    const part = Object.fromEntries(format.formatToParts(new Date(iso)).map(({ type, value }) => [type, value]));
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
  };
}

function markdownTranscript({ code, timeZone, exportedAt }: TranscriptContext): Omit<TranscriptFormat, "fileName"> {
  const time = clock(timeZone);
  const block = (message: Message): string => {
    const marks = message.deletedAt === null && message.editedAt !== null ? " · (edited)" : "";
    const header = `**${escapeInline(message.author.name)}** · ${time(message.createdAt)} · #${message.seq}${marks}`;
    if (message.deletedAt !== null) return `---\n\n${header}\n\n*deleted*\n\n`;
    const parts = [header];
    const body: string[] = [];
    if (message.replyTo !== null) {
      const { author, seq, excerpt } = message.replyTo;
      const shown = excerpt === "" ? "*deleted*" : escapeInline(excerpt);
      body.push(`> > ↪ **${escapeInline(author.name)}** (#${seq}): ${shown}`, ">");
    }
    body.push(quoted(message.text));
    parts.push(body.join("\n"));
    if (message.reactions.length > 0) {
      parts.push(message.reactions.map(({ emoji, names }) => `${escapeInline(emoji)} ${names.length}`).join(" · "));
    }
    return `---\n\n${parts.join("\n\n")}\n\n`;
  };
  return {
    contentType: "text/markdown; charset=utf-8",
    head: () => `# Room ${formatRoomCode(code)}\n\nExported ${time(exportedAt.toISOString())}. Times are in ${timeZone}.\n\n`,
    page: (messages) => messages.map(block).join(""),
    tail: () => "",
  };
}
