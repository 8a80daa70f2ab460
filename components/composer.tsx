"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Ack } from "@/lib/protocol";
import { MESSAGE_MAX_LENGTH, textLength } from "@/lib/protocol-rules";
import { Button } from "./button";
import { ComposeTargetBar, type ComposeTarget } from "./compose-target";
import { sendErrorText } from "./error-text";
import { FormAlert } from "./form-alert";
import { MentionList } from "./mention-list";
import { useMentionCombobox } from "./use-mention-combobox";

/** The counter appears this close to the limit. */
const COUNTER_FROM = MESSAGE_MAX_LENGTH - 500;

export interface ComposerProps {
  /** Queues one message; a refusal comes back as { ok: false } and the text is offered again. */
  onSend: (text: string) => Promise<Ack<unknown>>;
  disabled?: boolean;
  /** The message being answered (the next send is a reply) or edited (Enter saves it). */
  target?: ComposeTarget | null;
  onCancelTarget?: () => void;
  /** Saves the edit of `target`; the parent ends the edit when it is accepted. */
  onSave?: (text: string) => Promise<Ack<unknown>>;
  /** Up arrow in an empty field: starts editing your last message; false if there is none. */
  onEditLast?: () => boolean;
  /** Who can be @-mentioned (the members present), and your own name, which is left out. */
  mentionNames?: readonly string[];
  yourName?: string;
  /** The draft after each change the person makes to it (not while editing a message). */
  onDraftChange?: (text: string) => void;
}

export function Composer({ onSend, disabled = false, target = null, onCancelTarget = () => {}, onSave, onEditLast = () => false, mentionNames = [], yourName = "", onDraftChange }: ComposerProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const mention = useMentionCombobox({ text, setText, input, names: mentionNames, yourName, listId: "composer-mentions" });
  const editing = target?.kind === "edit" ? target.message : null;
  // Editing puts the message's text in the field; what was typed before comes back afterwards.
  const [edited, setEdited] = useState<{ id: string | null; draft: string }>({ id: null, draft: "" });
  if ((editing?.id ?? null) !== edited.id) {
    setEdited({ id: editing?.id ?? null, draft: edited.id === null ? text : edited.draft });
    setText(editing?.text ?? (edited.id === null ? text : edited.draft));
    setError(null);
  }
  const length = textLength(text);
  const tooLong = length > MESSAGE_MAX_LENGTH;
  const canSend = !disabled && text.trim() !== "" && !tooLong;

  const targetKey = target === null ? null : `${target.kind}:${target.message.id}`;
  useEffect(() => {
    const field = input.current;
    if (targetKey === null || field === null) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }, [targetKey]);

  async function send() {
    if (!canSend) return;
    if (editing !== null) return save(editing.text);
    const sent = text;
    setText("");
    setError(null);
    input.current?.focus();
    const result = await onSend(sent);
    if (!result.ok) {
      // Give the text back unless the person already started a new one.
      setText((current) => (current === "" ? sent : current));
      setError(sendErrorText(result.error));
    }
  }

  async function save(before: string) {
    if (text.trim() === before.trim() || onSave === undefined) return onCancelTarget();
    setError(null);
    const result = await onSave(text);
    if (!result.ok) setError(sendErrorText(result.error));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing || mention.onKeyDown(event)) return;
    if (event.key === "Escape" && target !== null) {
      event.preventDefault();
      onCancelTarget();
    } else if (event.key === "ArrowUp" && text === "" && editing === null) {
      if (onEditLast()) event.preventDefault();
    } else if (event.key === "Enter" && !event.shiftKey) {
      // Shift+Enter is a new line; Enter while an input method is composing picks a candidate (above).
      event.preventDefault();
      void send();
    }
  }

  const described = [target !== null ? "composer-target" : null, error !== null ? "composer-error" : null].filter(Boolean).join(" ");
  return (
    <form
      className="relative border-t border-slate-200 bg-white px-3 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:px-6 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {target !== null && <ComposeTargetBar id="composer-target" target={target} onCancel={onCancelTarget} />}
      {error !== null && (
        <FormAlert id="composer-error" className="mb-2">
          {error}
        </FormAlert>
      )}
      <MentionList {...mention.list} />
      <div className="flex items-end gap-2">
        <label htmlFor="message" className="sr-only">
          Message
        </label>
        <textarea
          id="message"
          ref={input}
          // Mounted once the room is joined: whoever just created or joined it is here to write.
          autoFocus
          rows={1}
          value={text}
          placeholder={disabled ? "Not connected" : "Write a message…"}
          aria-invalid={tooLong || undefined}
          aria-describedby={described === "" ? undefined : described}
          {...mention.inputProps}
          onChange={(event) => {
            setText(event.target.value);
            mention.track(event.target);
            if (editing === null) onDraftChange?.(event.target.value);
          }}
          onSelect={(event) => mention.track(event.currentTarget)}
          onKeyDown={onKeyDown}
          className="max-h-40 min-h-11 flex-1 resize-none rounded-xl border border-slate-300 bg-white px-3.5 py-2.5 text-base [field-sizing:content] placeholder:text-slate-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-400"
        />
        <Button type="submit" disabled={!canSend} className="h-11">
          {editing !== null ? "Save" : "Send"}
        </Button>
      </div>
      {length >= COUNTER_FROM && (
        <p aria-live="polite" className={`mt-1 text-right text-xs ${tooLong ? "font-semibold text-red-600 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}>
          {length} / {MESSAGE_MAX_LENGTH}
          {tooLong && " — too long to send"}
        </p>
      )}
    </form>
  );
}
