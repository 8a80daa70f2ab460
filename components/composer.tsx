"use client";
import { useRef, useState, type KeyboardEvent } from "react";
import type { Ack } from "@/lib/protocol";
import { MESSAGE_MAX_LENGTH, textLength } from "@/lib/protocol-rules";
import { Button } from "./button";
import { sendErrorText } from "./error-text";
import { FormAlert } from "./form-alert";

/** The counter appears this close to the limit. */
const COUNTER_FROM = MESSAGE_MAX_LENGTH - 500;

export interface ComposerProps {
  /** Queues one message; a refusal comes back as { ok: false } and the text is offered again. */
  onSend: (text: string) => Promise<Ack<unknown>>;
  disabled?: boolean;
}

export function Composer({ onSend, disabled = false }: ComposerProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const length = textLength(text);
  const tooLong = length > MESSAGE_MAX_LENGTH;
  const canSend = !disabled && text.trim() !== "" && !tooLong;

  async function send() {
    if (!canSend) return;
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

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Shift+Enter is a new line; Enter while an input method is composing picks a candidate.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form
      className="border-t border-slate-200 bg-white px-3 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:px-6 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {error !== null && (
        <FormAlert id="composer-error" className="mb-2">
          {error}
        </FormAlert>
      )}
      <div className="flex items-end gap-2">
        <label htmlFor="message" className="sr-only">
          Message
        </label>
        <textarea
          id="message"
          ref={input}
          rows={1}
          value={text}
          placeholder={disabled ? "Not connected" : "Write a message…"}
          aria-invalid={tooLong || undefined}
          aria-describedby={error !== null ? "composer-error" : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          className="max-h-40 min-h-11 flex-1 resize-none rounded-xl border border-slate-300 bg-white px-3.5 py-2.5 text-base [field-sizing:content] placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-500"
        />
        <Button type="submit" disabled={!canSend} className="h-11">
          Send
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
