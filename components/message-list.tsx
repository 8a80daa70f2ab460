"use client";
import { useMemo, useSyncExternalStore } from "react";
import { markdownParser, subscribeMarkdown } from "@/lib/client/load-markdown";
import type { TimelineEntry } from "@/lib/client/timeline";
import { dayStart, useToday } from "@/lib/client/clock";
import { layoutTimeline } from "@/lib/client/timeline-days";
import type { Message } from "@/lib/protocol";
import { replyExcerpt } from "@/lib/protocol-rules";
import type { MessageActions } from "./message-actions";
import { DaySeparator } from "./day-separator";
import { MessageItem, NoticeLine } from "./message-item";
import { OutboxItem } from "./outbox-item";
import { RoomInvite } from "./room-invite";
import { UnreadDivider } from "./unread-divider";
import { useGoToMessage } from "./use-go-to-message";
import { useMessageScroll } from "./use-message-scroll";
import { WINDOW_ABOVE, useWindowedList } from "./use-windowed-list";

export interface MessageListProps {
  entries: readonly TimelineEntry[];
  isOwn: (message: Message) => boolean;
  /** Your display name, shown on your unsent messages. */
  yourName?: string;
  onRetry?: (clientId: string) => void;
  onDiscard?: (clientId: string) => void;
  hasOlder?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?: () => void;
  /** What the messages' menus and reactions do; without them the list is read-only. */
  actions?: Omit<MessageActions, "goTo">;
  /** Pages back until the message with this seq is loaded; false if it cannot be (see useGoToMessage). */
  onLoadOlderUntil?: (seq: number) => Promise<boolean>;
  /** The room's code ("ABC-DEF-GHJ"): with it, a room without messages shows how to invite people. */
  formattedCode?: string;
  /** The first message that came while the tab was hidden: a "New messages" line goes above it. */
  firstUnreadId?: string | null;
}

/**
 * The room's messages and join/leave notices, oldest first; plain props, so it renders without a socket.
 * A long conversation renders only the entries near the viewport (use-windowed-list.ts).
 */
export function MessageList({
  entries,
  isOwn,
  yourName = "",
  onRetry = () => {},
  onDiscard = () => {},
  hasOlder = false,
  loadingOlder = false,
  onLoadOlder = () => {},
  actions,
  onLoadOlderUntil = () => Promise.resolve(false),
  formattedCode,
  firstUnreadId = null,
}: MessageListProps) {
  const last = entries.at(-1);
  const keys = useMemo(() => entries.map((entry) => entry.key), [entries]);
  // Laid out again at each new timeline and at midnight, when "Today" becomes "Yesterday".
  const today = useToday();
  const layout = useMemo(() => layoutTimeline(entries, dayStart(today)), [entries, today]);
  // Until the Markdown reader has loaded (null: also on the server and in the first render), text shows plain.
  const parse = useSyncExternalStore(subscribeMarkdown, markdownParser, () => null);
  const windowed = entries.length > WINDOW_ABOVE;
  // Join and leave notices alone still make an empty room: the invite stays until the first message.
  const empty = useMemo(() => entries.every((entry) => entry.kind === "notice"), [entries]);
  const { ref, onScroll: followScroll, hasUnseen, jumpToNewest, following, isFollowing, stopFollowing } = useMessageScroll({
    firstKey: entries[0]?.key,
    lastKey: last?.key,
    lastIsOwn: last?.kind === "outbox" || (last?.kind === "message" && isOwn(last.message)),
    canLoadOlder: hasOlder && !loadingOlder,
    onLoadOlder,
    anchored: windowed,
  });
  const { range, padding, listRef, measureRef, onScroll: moveWindow, scrollToKey, cancelScrollTo } = useWindowedList({ keys, windowed, scroller: ref, isFollowing });
  const { itemActions, highlighted, lost } = useGoToMessage({ keys, actions, onLoadOlderUntil, stopFollowing, scrollToKey, cancelScrollTo });

  function onScroll() {
    followScroll();
    moveWindow();
  }

  /** The quote an unsent reply shows: the answered message as held now (rare, so a search is fine). */
  function quoteOf(replyTo: string | undefined) {
    const found = replyTo === undefined ? undefined : entries.find((entry) => entry.kind === "message" && entry.message.id === replyTo);
    if (found?.kind !== "message" || itemActions === undefined) return undefined;
    const { id, seq, author, text, deletedAt } = found.message;
    return { replyTo: { id, seq, author, excerpt: deletedAt === null ? replyExcerpt(text) : "" }, onGoTo: itemActions.goTo };
  }

  function renderEntry(entry: TimelineEntry, index: number) {
    switch (entry.kind) {
      case "message":
        return (
          <MessageItem
            message={entry.message}
            own={isOwn(entry.message)}
            yourName={yourName}
            actions={itemActions}
            highlighted={entry.key === highlighted}
            grouped={layout.grouped[index]}
            parse={parse}
          />
        );
      case "notice":
        return <NoticeLine text={entry.notice.text} at={entry.notice.at} />;
      case "outbox":
        return <OutboxItem entry={entry.entry} author={yourName} onRetry={onRetry} onDiscard={onDiscard} quote={quoteOf(entry.entry.replyTo)} parse={parse} />;
    }
  }

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
        {empty && !hasOlder && (formattedCode === undefined ? <EmptyNote /> : <RoomInvite formattedCode={formattedCode} />)}
        <div
          ref={listRef}
          role="log"
          // Scrolling a windowed list adds entries to the DOM; while the reader is reading back they
          // are not news, so only a reader who follows the newest entries hears additions.
          aria-live={windowed && !following ? "off" : "polite"}
          aria-label="Conversation"
          aria-busy={loadingOlder || undefined}
          className="mt-auto flex flex-col gap-2"
          style={windowed ? { paddingTop: padding.top, paddingBottom: padding.bottom } : undefined}
        >
          {entries.slice(range.start, range.end).map((entry, offset) => {
            const index = range.start + offset;
            const day = layout.dayBefore[index];
            return (
              // Focusable from script only: going to a quoted message moves focus to it. The date line
              // is part of its day's first entry, so that the entries' keys stay those of the timeline.
              <div key={entry.key} data-key={entry.key} ref={measureRef} tabIndex={-1} className="outline-none">
                {day !== undefined && <DaySeparator label={day.label} />}
                {entry.kind === "message" && entry.message.id === firstUnreadId && <UnreadDivider />}
                {renderEntry(entry, index)}
              </div>
            );
          })}
        </div>
      </div>
      {lost && (
        <p role="status" className="absolute top-3 left-1/2 -translate-x-1/2 rounded-full bg-slate-800 px-4 py-1.5 text-sm text-white shadow-lg dark:bg-slate-200 dark:text-slate-900">
          The original message could not be loaded.
        </p>
      )}
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

function EmptyNote() {
  return <p className="m-auto max-w-xs text-center text-sm text-slate-600 dark:text-slate-400">No messages yet. Share the invite link and say hello.</p>;
}
