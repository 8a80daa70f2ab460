"use client";
/**
 * Scroll behaviour of a chat log: stick to the newest entry unless the reader scrolled up (then
 * count on a "new messages" button instead), load older history at the top, and keep the entries on
 * screen still when an older page is put above them.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** Within this many pixels of an edge counts as being at it. */
const EDGE_PX = 64;

export interface MessageScrollOptions {
  firstKey: string | undefined;
  lastKey: string | undefined;
  /** The newest entry is the reader's own message: always show it. */
  lastIsOwn: boolean;
  canLoadOlder: boolean;
  onLoadOlder: () => void;
  /** The list keeps the entries on screen still by itself (a windowed list does): do not move them. */
  anchored?: boolean;
}

export interface MessageScroll {
  ref: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
  hasUnseen: boolean;
  jumpToNewest: () => void;
  /** The reader is at the newest entry, so new ones scroll into view. */
  following: boolean;
  /** The same, up to date between renders (for layout code); a stable function. */
  isFollowing: () => boolean;
  /** Stops following the newest entry before a scroll the reader did not make (going to a quoted message). */
  stopFollowing: () => void;
}

export function useMessageScroll({ firstKey, lastKey, lastIsOwn, canLoadOlder, onLoadOlder, anchored = false }: MessageScrollOptions): MessageScroll {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef({ firstKey: undefined as string | undefined, lastKey: undefined as string | undefined, height: 0 });
  const [hasUnseen, setHasUnseen] = useState(false);
  const [following, setFollowing] = useState(true);
  const isFollowing = useCallback(() => atBottom.current, []);

  const setAtBottom = useCallback((value: boolean) => {
    atBottom.current = value;
    setFollowing(value);
  }, []);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const before = seen.current;
    if (lastKey === before.lastKey && firstKey !== before.firstKey) {
      // An older page went in above: move down by its height so the same entries stay in view.
      if (!anchored) element.scrollTop += element.scrollHeight - before.height;
    } else if (lastKey !== before.lastKey) {
      if (atBottom.current || lastIsOwn) {
        element.scrollTop = element.scrollHeight;
        setAtBottom(true);
      } else {
        setHasUnseen(true);
      }
    }
    seen.current = { firstKey, lastKey, height: element.scrollHeight };
  }, [firstKey, lastKey, lastIsOwn, anchored, setAtBottom]);

  // When the box shrinks (a phone's keyboard opens), a reader at the bottom stays there.
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  function onScroll() {
    const element = ref.current;
    if (element === null) return;
    // The height the next older page is measured against; layout may have changed since the last render.
    seen.current.height = element.scrollHeight;
    setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight < EDGE_PX);
    if (atBottom.current) setHasUnseen(false);
    if (element.scrollTop < EDGE_PX && canLoadOlder) onLoadOlder();
  }

  function jumpToNewest() {
    const element = ref.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
    setAtBottom(true);
    setHasUnseen(false);
  }

  const stopFollowing = useCallback(() => setAtBottom(false), [setAtBottom]);

  return { ref, onScroll, hasUnseen, jumpToNewest, following, isFollowing, stopFollowing };
}
