"use client";
/**
 * Completing `@names` in the composer, as the WAI-ARIA combobox pattern describes it
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): the field stays focused and points at the
 * active option with aria-activedescendant; arrows move, Enter or Tab picks, Escape closes.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { completeMention, matchingNames, mentionQueryAt } from "@/lib/client/mentions";

export interface MentionComboboxOptions {
  text: string;
  setText: (text: string) => void;
  input: RefObject<HTMLTextAreaElement | null>;
  /** The names that can be mentioned (the members present). */
  names: readonly string[];
  yourName: string;
  listId: string;
}

export function useMentionCombobox({ text, setText, input, names, yourName, listId }: MentionComboboxOptions) {
  const [caret, setCaret] = useState(0);
  // The active option and the Escape are both for one query: typing on starts afresh.
  const [active, setActive] = useState({ query: "", index: 0 });
  const [dismissed, setDismissed] = useState<string | null>(null);
  const placeCaret = useRef<number | null>(null);

  const mention = names.length === 0 ? null : mentionQueryAt(text, Math.min(caret, text.length));
  const queryKey = mention === null ? "" : `${mention.start}:${mention.query}`;
  const options = mention === null ? [] : matchingNames(names, mention.query, yourName);
  const open = mention !== null && options.length > 0 && dismissed !== queryKey;
  const activeIndex = active.query === queryKey ? Math.min(active.index, options.length - 1) : 0;
  const optionId = (index: number) => `${listId}-${index}`;

  useLayoutEffect(() => {
    const at = placeCaret.current;
    if (at === null || input.current === null) return;
    placeCaret.current = null;
    input.current.setSelectionRange(at, at);
  }, [text, input]);

  /** Call with the field after every change of its text or caret. */
  function track(field: HTMLTextAreaElement) {
    setCaret(field.selectionEnd ?? field.value.length);
  }

  function pick(name: string) {
    if (mention === null) return;
    const next = completeMention(text, mention, caret, name);
    // The completed "@Ana " is still a query, which a longer name ("Ana Maria") would match: the list
    // stays closed for it, so that the next Enter sends. Typing on opens it again.
    const completed = mentionQueryAt(next.text, next.caret);
    if (completed !== null) setDismissed(`${completed.start}:${completed.query}`);
    placeCaret.current = next.caret;
    setCaret(next.caret);
    setText(next.text);
    input.current?.focus();
  }

  /** Handles the keys the open list owns; true if it took the key. */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    const move = (by: number) => setActive({ query: queryKey, index: (activeIndex + by + options.length) % options.length });
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if ((event.key === "Enter" && !event.shiftKey) || (event.key === "Tab" && !event.shiftKey)) pick(options[activeIndex]!);
    else if (event.key === "Escape") setDismissed(queryKey);
    else return false;
    event.preventDefault();
    return true;
  }

  const inputProps = {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": open,
    "aria-controls": listId,
    "aria-activedescendant": open ? optionId(activeIndex) : undefined,
  } as const;

  return { inputProps, track, onKeyDown, list: { id: listId, open, options, activeIndex, optionId, onPick: pick } };
}
