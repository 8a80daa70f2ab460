"use client";
import type { TimelineEntry } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { MessageItem, NoticeLine } from "./message-item";
import { useMessageScroll } from "./use-message-scroll";

export interface MessageListProps {
  entries: readonly TimelineEntry[];
  isOwn: (message: Message) => boolean;
  hasOlder?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?: () => void;
}

/** The room's messages and join/leave notices, oldest first; plain props, so it renders without a socket. */
export function MessageList({ entries, isOwn, hasOlder = false, loadingOlder = false, onLoadOlder = () => {} }: MessageListProps) {
  const last = entries.at(-1);
  const { ref, onScroll, hasUnseen, jumpToNewest } = useMessageScroll({
    firstKey: entries[0]?.key,
    lastKey: last?.key,
    lastIsOwn: last?.kind === "message" && isOwn(last.message),
    canLoadOlder: hasOlder && !loadingOlder,
    onLoadOlder,
  });

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={ref} onScroll={onScroll} className="flex flex-1 flex-col overflow-y-auto px-3 py-4 [overflow-anchor:none] sm:px-6">
        {hasOlder && (
          <button
            type="button"
            onClick={onLoadOlder}
            disabled={loadingOlder}
            className="mx-auto mb-4 rounded-full px-3 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:text-slate-500 dark:text-indigo-300 dark:hover:bg-slate-800"
          >
            {loadingOlder ? "Loading older messages…" : "Load older messages"}
          </button>
        )}
        {entries.length === 0 && (
          <p className="m-auto max-w-xs text-center text-sm text-slate-500 dark:text-slate-400">No messages yet. Share the invite link and say hello.</p>
        )}
        <div role="log" aria-live="polite" aria-label="Conversation" aria-busy={loadingOlder || undefined} className="mt-auto flex flex-col gap-2">
          {entries.map((entry) =>
            entry.kind === "message" ? (
              <MessageItem key={entry.key} message={entry.message} own={isOwn(entry.message)} />
            ) : (
              <NoticeLine key={entry.key} text={entry.notice.text} at={entry.notice.at} />
            ),
          )}
        </div>
      </div>
      {hasUnseen && (
        <button
          type="button"
          onClick={jumpToNewest}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-semibold text-white shadow-lg hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
        >
          New messages ↓
        </button>
      )}
    </div>
  );
}
