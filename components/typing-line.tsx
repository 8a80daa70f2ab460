"use client";
import { useSyncExternalStore } from "react";
import { typingSentence, type TypingState } from "@/lib/client/typing";

export interface TypingLineProps {
  typing: Pick<TypingState, "subscribe" | "getSnapshot">;
}

/**
 * "Ana is typing…" above the composer. The line keeps its height when empty, so that the messages above
 * do not move each time someone starts or stops typing, and the live region is in the page before its
 * first sentence, which screen readers need to announce it.
 */
export function TypingLine({ typing }: TypingLineProps) {
  const names = useSyncExternalStore(typing.subscribe, typing.getSnapshot, typing.getSnapshot);
  return (
    <p aria-live="polite" className="h-5 truncate px-3 text-xs leading-5 text-slate-600 sm:px-6 dark:text-slate-400">
      {typingSentence(names)}
    </p>
  );
}
