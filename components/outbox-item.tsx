import type { ParseMarkdown } from "@/lib/client/load-markdown";
import type { OutboxEntry } from "@/lib/client/outbox";
import type { ReplyTo } from "@/lib/protocol";
import { sendErrorText } from "./error-text";
import { MessageText } from "./message-text";
import { ReplyQuote } from "./reply-quote";

export interface OutboxItemProps {
  entry: OutboxEntry;
  author: string;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** The message this one answers, if it is held, and what a click on its quote does. */
  quote?: { replyTo: ReplyTo; onGoTo: (replyTo: ReplyTo) => void };
  /** The Markdown reader, once loaded: the message looks as it will once sent. */
  parse?: ParseMarkdown | null;
}

/** One of your messages that the server has not acknowledged yet: "Sending…", or "Not sent" with Retry. */
export function OutboxItem({ entry, author, onRetry, onDiscard, quote, parse = null }: OutboxItemProps) {
  const failed = entry.status === "failed";
  return (
    <div data-own="true" data-status={entry.status} className="flex justify-end">
      <div className="max-w-[85%] sm:max-w-[70%]">
        {/* Clips what still overflows, as MessageItem's bubble does: stacked combining marks. */}
        <div
          className={`overflow-hidden rounded-2xl rounded-br-md px-3.5 py-2 shadow-sm ${
            failed ? "bg-red-50 text-red-950 ring-1 ring-red-300 dark:bg-red-950/50 dark:text-red-100 dark:ring-red-800" : "bg-indigo-600/70 text-white"
          }`}
        >
          <p className="text-xs font-semibold opacity-80">
            {author}
            <span className="sr-only"> (you)</span>
          </p>
          {quote !== undefined && <ReplyQuote replyTo={quote.replyTo} own={!failed} onGoTo={quote.onGoTo} />}
          <MessageText text={entry.text} parse={parse} />
        </div>
        {failed ? (
          <p role="alert" className="mt-1 flex flex-wrap items-center justify-end gap-x-2 text-xs text-red-700 dark:text-red-300">
            <span>Not sent: {entry.error === undefined ? "the server refused it." : sendErrorText(entry.error)}</span>
            <button type="button" onClick={() => onRetry(entry.clientId)} className="font-semibold underline underline-offset-2 hover:no-underline">
              Retry
            </button>
            <button type="button" onClick={() => onDiscard(entry.clientId)} className="underline underline-offset-2 hover:no-underline">
              Discard
            </button>
          </p>
        ) : (
          <p className="mt-1 text-right text-xs text-slate-500 dark:text-slate-400">Sending…</p>
        )}
      </div>
    </div>
  );
}
