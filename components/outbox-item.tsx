import type { ParseMarkdown } from "@/lib/client/load-markdown";
import type { OutboxEntry } from "@/lib/client/outbox";
import type { ReplyTo } from "@/lib/protocol";
import { sendErrorText } from "./error-text";
import { MessageText } from "./message-text";
import { ReplyQuote } from "./reply-quote";
import { useSecondsUntil } from "./use-seconds-until";

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

/**
 * Unsent is a pale, dashed bubble rather than a faded sent one: white on a see-through indigo fell
 * below WCAG AA contrast on the light page, and the difference from a sent message stays plain.
 */
const PENDING_BUBBLE = "border border-dashed border-indigo-400 bg-indigo-50 text-indigo-950 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-50";

/**
 * One of your messages that the server has not acknowledged yet: "Sending…", "Slow down: sending in 3 s"
 * while a refusal holds it back, or "Not sent" with Retry.
 */
export function OutboxItem({ entry, author, onRetry, onDiscard, quote, parse = null }: OutboxItemProps) {
  const failed = entry.status === "failed";
  return (
    <div data-own="true" data-status={entry.status} className="flex justify-end">
      <div className="max-w-[85%] sm:max-w-[70%]">
        {/* Clips what still overflows, as MessageItem's bubble does: stacked combining marks. */}
        <div
          className={`overflow-hidden rounded-2xl rounded-br-md px-3.5 py-2 shadow-sm ${
            failed ? "bg-red-50 text-red-950 ring-1 ring-red-300 dark:bg-red-950/50 dark:text-red-100 dark:ring-red-800" : PENDING_BUBBLE
          }`}
        >
          <p className="text-xs font-semibold">
            {author}
            <span className="sr-only"> (you)</span>
          </p>
          {quote !== undefined && <ReplyQuote replyTo={quote.replyTo} own={false} onGoTo={quote.onGoTo} />}
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
          <p className="mt-1 text-right text-xs text-slate-600 dark:text-slate-400">
            {entry.retryAt === undefined ? "Sending…" : <HeldBack key={entry.retryAt} until={entry.retryAt} rateLimited={entry.error?.code === "rate_limited"} />}
          </p>
        )}
      </div>
    </div>
  );
}

/** "Slow down: sending in 3 s", counting down to the next attempt (keyed by it, so it starts afresh). */
function HeldBack({ until, rateLimited }: { until: number; rateLimited: boolean }) {
  const seconds = useSecondsUntil(until);
  if (seconds === 0) return <>Sending…</>;
  return <>{rateLimited ? `Slow down: sending in ${seconds} s` : `Not sent yet: trying again in ${seconds} s`}</>;
}
