"use client";
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { TimelineEntry } from "@/lib/client/timeline";
import type { Ack, Message } from "@/lib/protocol";
import type { ComposeTarget } from "./compose-target";
import { Composer } from "./composer";
import type { MessageActions } from "./message-actions";
import { MessageList, type MessageListProps } from "./message-list";

export interface ConversationProps extends Omit<MessageListProps, "actions"> {
  entries: readonly TimelineEntry[];
  disabled?: boolean;
  /** Sends a message, as an answer to the message with id `replyTo` if given. */
  onSend: (text: string, replyTo?: string) => Promise<Ack<unknown>>;
  /** Refuses at once ({ ok: false }) what the server would refuse for good; else queues the edit. */
  onEdit: (messageId: string, text: string) => Promise<Ack<unknown>>;
  onDelete: (messageId: string) => void;
  onToggleReaction: (messageId: string, emoji: string) => void;
  /** Who can be @-mentioned in the composer. */
  mentionNames?: readonly string[];
  /** Shown between the messages and the composer (who is typing). */
  aboveComposer?: ReactNode;
  /** The draft after each change the person made to it (not when an edit fills it). */
  onDraftChange?: (text: string) => void;
}

/**
 * The messages and the composer, and what links them: the message being answered or edited. It is
 * held by id and read from the newest entries, so an edit or a deletion by anyone shows at once in the
 * bar above the composer; a message deleted while you edit it ends the edit.
 */
export function Conversation({ entries, disabled = false, onSend, onEdit, onDelete, onToggleReaction, mentionNames, aboveComposer, onDraftChange, ...listProps }: ConversationProps) {
  const [chosen, setChosen] = useState<{ kind: ComposeTarget["kind"]; id: string } | null>(null);
  const latest = useRef({ onSend, onEdit, onDelete, onToggleReaction });
  useLayoutEffect(() => {
    latest.current = { onSend, onEdit, onDelete, onToggleReaction };
  });

  // One object for the whole conversation's life, so every memoised message keeps its props.
  const actions = useMemo<Omit<MessageActions, "goTo">>(
    () => ({
      reply: (message) => setChosen({ kind: "reply", id: message.id }),
      edit: (message) => setChosen({ kind: "edit", id: message.id }),
      remove: (messageId) => latest.current.onDelete(messageId),
      toggleReaction: (messageId, emoji) => latest.current.onToggleReaction(messageId, emoji),
    }),
    [],
  );

  const target = useMemo<ComposeTarget | null>(() => {
    if (chosen === null) return null;
    const message = findMessage(entries, (candidate) => candidate.id === chosen.id);
    if (message === undefined || (chosen.kind === "edit" && message.deletedAt !== null)) return null;
    return { kind: chosen.kind, message };
  }, [chosen, entries]);

  async function send(text: string) {
    const replyTo = target?.kind === "reply" ? target.message.id : undefined;
    if (replyTo !== undefined) setChosen(null);
    const result = await latest.current.onSend(text, replyTo);
    // Refused at once: the text comes back to the field (Composer), and so does the quote.
    if (!result.ok && replyTo !== undefined) setChosen((current) => current ?? { kind: "reply", id: replyTo });
    return result;
  }

  async function save(text: string) {
    if (target?.kind !== "edit") return { ok: true as const, data: null };
    const id = target.message.id;
    const result = await latest.current.onEdit(id, text);
    if (result.ok) setChosen((current) => (current?.kind === "edit" && current.id === id ? null : current));
    return result;
  }

  function editLast(): boolean {
    const isOwn = listProps.isOwn;
    const last = findMessage(entries, (message) => message.deletedAt === null && isOwn(message));
    if (last !== undefined) setChosen({ kind: "edit", id: last.id });
    return last !== undefined;
  }

  return (
    <>
      <MessageList entries={entries} actions={actions} {...listProps} />
      {aboveComposer}
      <Composer
        onSend={send}
        disabled={disabled}
        target={target}
        onCancelTarget={() => setChosen(null)}
        onSave={save}
        onEditLast={editLast}
        onDraftChange={onDraftChange}
        mentionNames={mentionNames}
        yourName={listProps.yourName}
      />
    </>
  );
}

/** The newest message in the timeline that passes `test`. */
function findMessage(entries: readonly TimelineEntry[], test: (message: Message) => boolean): Message | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry?.kind === "message" && test(entry.message)) return entry.message;
  }
  return undefined;
}
