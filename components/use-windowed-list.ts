"use client";
/**
 * A long chat log rendered as a window: only the entries near the viewport are in the DOM, and the
 * list's padding stands in for the others, so a room with 5,000 loaded messages costs about what one
 * with 50 does, on every scroll and on every new message (docs/performance.md). Entries keep their
 * measured heights by key; until measured they count as ESTIMATED_ENTRY_PX.
 *
 * Holding still: when the window moves, an older page goes in above, or an entry above the viewport
 * changes size, the entry at the top of the viewport is kept where it was on screen (its "anchor").
 * While the reader follows the newest messages, the bottom is kept in view instead.
 *
 * Why not a maintained virtual list (tried in issue 16, 2026-12-07): the room page's first load has a
 * budget of 150 KB gzipped and used 146.1 KB. react-virtuoso 4.18.21 (made for chats: reverse scroll,
 * prepends) brought it to 164.6 KB in a real `next build`; @tanstack/react-virtual 3.14.26 alone is
 * 10.5 KB gzipped (esbuild, minified, `useVirtualizer` only) and would not anchor prepended pages by
 * itself; these three files together are 1.6 KB. On the 5,000-message browser test both the trial with
 * react-virtuoso and this list missed its long-task bounds on a machine loaded at 12 to 18 (runnable
 * threads on 2 cores), so that comparison decided nothing; the budget did.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import type { IndexRange } from "./list-window";
import { WindowKeeper, type KeyRange } from "./window-keeper";

/**
 * Lists up to this many entries render every one, as before: that costs little, keeps the page
 * searchable with the browser's find in most rooms, and renders fully in jsdom, which has no layout
 * to window by. The heights are measured meanwhile, so crossing the line moves nothing.
 */
export const WINDOW_ABOVE = 200;

export interface WindowedList {
  /** The entries to render: entries.slice(range.start, range.end). */
  range: IndexRange;
  /** The list's padding, standing in for the entries that are not rendered. */
  padding: { top: number; bottom: number };
  /** For the list element, whose children are the rendered entries. */
  listRef: RefObject<HTMLDivElement | null>;
  /** For each rendered entry's element, which must carry `data-key` with the entry's key. */
  measureRef: (node: HTMLElement | null) => (() => void) | undefined;
  /** Call from the scroll box's scroll handler, after the scroll behaviour has seen the event. */
  onScroll: () => void;
  /** See WindowKeeper.scrollToKey and cancelScrollTo. */
  scrollToKey: (key: string, shown: (element: HTMLElement) => void) => void;
  cancelScrollTo: (key: string) => void;
}

export interface WindowedListOptions {
  keys: readonly string[];
  /** False renders every entry (see WINDOW_ABOVE); heights are still measured. */
  windowed: boolean;
  scroller: RefObject<HTMLDivElement | null>;
  /** The reader follows the newest entry: keep the bottom in view rather than the anchor. */
  isFollowing: () => boolean;
}

export function useWindowedList({ keys, windowed, scroller, isFollowing }: WindowedListOptions): WindowedList {
  const [keyRange, setKeyRange] = useState<KeyRange>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [keeper] = useState(() => new WindowKeeper(scroller, listRef, isFollowing, setKeyRange));

  const range = windowed ? resolve(keys, keyRange) : { start: 0, end: keys.length };
  const tops = windowed ? keeper.heights.tops(keys) : null;
  const padding = tops === null ? { top: 0, bottom: 0 } : { top: tops[range.start] ?? 0, bottom: (tops[keys.length] ?? 0) - (tops[range.end] ?? 0) };

  useLayoutEffect(() => keeper.afterCommit(keys, range, windowed));
  useEffect(() => () => keeper.disconnect(), [keeper]);
  const onScroll = useCallback(() => keeper.onScroll(), [keeper]);
  const scrollToKey = useCallback((key: string, shown: (element: HTMLElement) => void) => keeper.scrollToKey(key, shown), [keeper]);
  const cancelScrollTo = useCallback((key: string) => keeper.cancelScrollTo(key), [keeper]);
  return { range, padding, listRef, measureRef: keeper.measureRef, onScroll, scrollToKey, cancelScrollTo };
}

/**
 * No range yet renders everything (only just over WINDOW_ABOVE entries): the first commit narrows it
 * to the viewport, wherever the reader is. A first key that is gone (an unsent message that was sent)
 * could only have been at the end: render the newest entries.
 */
function resolve(keys: readonly string[], range: KeyRange): IndexRange {
  if (range === null) return { start: 0, end: keys.length };
  const start = keys.indexOf(range.from);
  if (start < 0) return { start: Math.max(0, keys.length - WINDOW_ABOVE), end: keys.length };
  const last = range.to === null ? keys.length - 1 : keys.indexOf(range.to);
  return { start, end: last < start ? keys.length : last + 1 };
}
