"use client";
/**
 * While the tab is hidden, counts the messages from others that arrive: in the title and as a badge
 * on the icon. When the tab shows again both go back, and the first of those messages is remembered
 * for the "New messages" divider (until the next return).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { lastSeq } from "@/lib/client/timeline";
import { BADGED_ICON, baseTitle, unreadMessages, unreadTitle } from "@/lib/client/unread";
import type { Message } from "@/lib/protocol";

function subscribeVisibility(changed: () => void): () => void {
  document.addEventListener("visibilitychange", changed);
  return () => document.removeEventListener("visibilitychange", changed);
}

/** Whether the page is shown; true on the server, where there is no document. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState !== "hidden",
    () => true,
  );
}

export interface Unread {
  /** Messages from others that came while the tab was hidden (0 while it shows). */
  count: number;
  /** The first message that came while the tab was last hidden, for the divider; null if none. */
  firstUnreadId: string | null;
}

export function useUnread(messages: readonly Message[], yourId: string | null): Unread {
  const visible = usePageVisible();
  // The newest seq shown when the tab was hidden; null while it shows.
  const [awayFrom, setAwayFrom] = useState<number | null>(() => (visible ? null : lastSeq(messages)));
  const [firstUnreadId, setFirstUnreadId] = useState<string | null>(null);
  const latest = useRef({ messages, yourId, awayFrom });
  useLayoutEffect(() => {
    latest.current = { messages, yourId, awayFrom };
  });

  useEffect(() => {
    function changed() {
      const { messages: held, yourId: you, awayFrom: from } = latest.current;
      if (document.visibilityState === "hidden") {
        if (from === null) setAwayFrom(lastSeq(held));
        return;
      }
      if (from === null) return;
      setFirstUnreadId(unreadMessages(held, from, you)[0]?.id ?? null);
      setAwayFrom(null);
    }
    return subscribeVisibility(changed);
  }, []);

  const count = useMemo(() => (awayFrom === null ? 0 : unreadMessages(messages, awayFrom, yourId).length), [messages, awayFrom, yourId]);

  useEffect(() => {
    document.title = unreadTitle(document.title, count);
    showBadge(count > 0);
  }, [count]);
  useEffect(
    () => () => {
      document.title = baseTitle(document.title);
      showBadge(false);
    },
    [],
  );

  return { count, firstUnreadId };
}

/** Swaps the page's icons for the badged one, or back to the ones the page came with. */
function showBadge(on: boolean): void {
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')) {
    const plain = link.dataset.plainHref;
    if (on && plain === undefined) {
      link.dataset.plainHref = link.getAttribute("href") ?? "";
      link.href = BADGED_ICON;
    } else if (!on && plain !== undefined) {
      link.setAttribute("href", plain);
      delete link.dataset.plainHref;
    }
  }
}
