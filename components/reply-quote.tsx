import type { ReplyTo } from "@/lib/protocol";

/** What a quote shows of the message answered: its excerpt, or that it is gone ("" once deleted). */
export function quoteText(excerpt: string): string {
  return excerpt === "" ? "Message deleted" : excerpt;
}

/**
 * The message a reply answers, at the top of the reply's bubble: its author and the first words.
 * A button, so a click or Enter goes to the original.
 */
export function ReplyQuote({ replyTo, own, onGoTo }: { replyTo: ReplyTo; own: boolean; onGoTo: (replyTo: ReplyTo) => void }) {
  const deleted = replyTo.excerpt === "";
  return (
    <button
      type="button"
      onClick={() => onGoTo(replyTo)}
      aria-label={`Reply to ${replyTo.author.name}: ${quoteText(replyTo.excerpt)}. Go to the original.`}
      className={`mb-1 block w-full rounded-lg border-l-4 px-2 py-1 text-left text-xs focus-visible:outline-2 focus-visible:outline-offset-1 ${
        own
          ? "border-indigo-200 bg-indigo-800/60 text-indigo-50 hover:bg-indigo-800 focus-visible:outline-white"
          : "border-indigo-500 bg-slate-100 text-slate-700 hover:bg-slate-200 focus-visible:outline-indigo-500 dark:border-indigo-400 dark:bg-slate-900/70 dark:text-slate-300 dark:hover:bg-slate-900"
      }`}
    >
      <span className="block truncate font-semibold">{replyTo.author.name}</span>
      <span className={`line-clamp-2 break-words whitespace-pre-wrap [overflow-wrap:anywhere] ${deleted ? "italic" : ""}`}>{quoteText(replyTo.excerpt)}</span>
    </button>
  );
}
