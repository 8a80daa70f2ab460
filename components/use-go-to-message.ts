"use client";
/**
 * Going from a reply's quote to the message it answers: load older history until that message is
 * held (it may be pages back), bring it into view even outside the rendered window, move focus to
 * it and highlight it for a moment.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ReplyTo } from "@/lib/protocol";
import type { MessageActions } from "./message-actions";

/** How long the original stays highlighted, and how long "could not be loaded" shows. */
const HIGHLIGHT_MS = 2_000;
const LOST_MS = 4_000;

export interface GoToMessageOptions {
  keys: readonly string[];
  actions: Omit<MessageActions, "goTo"> | undefined;
  onLoadOlderUntil: (seq: number) => Promise<boolean>;
  stopFollowing: () => void;
  scrollToKey: (key: string, shown: (element: HTMLElement) => void) => void;
  cancelScrollTo: (key: string) => void;
}

export function useGoToMessage({ keys, actions, onLoadOlderUntil, stopFollowing, scrollToKey, cancelScrollTo }: GoToMessageOptions) {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [lost, setLost] = useState(false);
  // Read when a quote is clicked, not on every render: goTo stays the same function, so the
  // actions object does too, and the memoised messages do not re-render.
  const latest = useRef({ keys, onLoadOlderUntil });
  useLayoutEffect(() => {
    latest.current = { keys, onLoadOlderUntil };
  });

  const goTo = useCallback(
    (replyTo: ReplyTo) => {
      // The timeline's key for a message (lib/client/timeline.ts#buildTimeline).
      const key = `m:${replyTo.id}`;
      setLost(false);
      stopFollowing();
      scrollToKey(key, (element) => {
        // Again: a reader still at the bottom while older pages went in above is following once more.
        stopFollowing();
        element.focus({ preventScroll: true });
        setHighlighted(key);
      });
      if (latest.current.keys.includes(key)) return;
      const giveUp = () => {
        cancelScrollTo(key);
        setLost(true);
      };
      latest.current.onLoadOlderUntil(replyTo.seq).then((found) => found || giveUp(), giveUp);
    },
    [stopFollowing, scrollToKey, cancelScrollTo],
  );

  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  useEffect(() => {
    if (!lost) return;
    const timer = setTimeout(() => setLost(false), LOST_MS);
    return () => clearTimeout(timer);
  }, [lost]);

  const itemActions = useMemo<MessageActions | undefined>(() => (actions === undefined ? undefined : { ...actions, goTo }), [actions, goTo]);
  return { itemActions, highlighted, lost };
}
