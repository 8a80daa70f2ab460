import { memo } from "react";
import type { Message } from "@/lib/protocol";
import { LinkifiedText } from "./linkified-text";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });

function Time({ iso, className }: { iso: string; className: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={fullFormat.format(date)} className={className}>
      {timeFormat.format(date)}
    </time>
  );
}

/**
 * One message. Every user-written string is a text child: React escapes it, nothing is parsed as HTML.
 * Addresses in the text become links only through LinkifiedText, which allows http(s) alone.
 * Memoised: a message never changes once stored, so a new one re-renders only itself.
 */
export const MessageItem = memo(function MessageItem({ message, own }: { message: Message; own: boolean }) {
  // The bubble clips what still overflows it: a word wraps anywhere rather than widen it, but stacked
  // combining marks (up to 16 on a letter, lib/protocol-text.ts) draw above and below their line.
  return (
    <div data-own={own} className={`flex ${own ? "justify-end" : "justify-start"}`}>
      <div
        className={`max-w-[85%] overflow-hidden rounded-2xl px-3.5 py-2 shadow-sm sm:max-w-[70%] ${
          own
            ? "rounded-br-md bg-indigo-600 text-white"
            : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700"
        }`}
      >
        <p className="flex items-baseline gap-2 text-xs">
          {/* The author's id in this room, on hover: the server reserves names, and the id settles any doubt. */}
          <span title={`${message.author.name} · #${message.author.id.slice(0, 8)}`} className={`truncate font-semibold ${own ? "text-indigo-100" : "text-indigo-700 dark:text-indigo-300"}`}>
            {message.author.name}
            {own && <span className="sr-only"> (you)</span>}
          </span>
          <Time iso={message.createdAt} className={own ? "text-indigo-200" : "text-slate-500 dark:text-slate-400"} />
        </p>
        <p className="mt-0.5 whitespace-pre-wrap break-words [overflow-wrap:anywhere]">
          <LinkifiedText text={message.text} />
        </p>
      </div>
    </div>
  );
});

/** A join/leave line between messages. */
export const NoticeLine = memo(function NoticeLine({ text, at }: { text: string; at: string }) {
  return (
    <p className="py-1 text-center text-xs text-slate-500 dark:text-slate-400">
      {text} · <Time iso={at} className="" />
    </p>
  );
});
