/**
 * Edits, deletions and reactions show at once, before the server has them: the messages as the
 * server last sent them, with this browser's queued changes applied over them, in queue order. The
 * server's copy replaces them when its acknowledgement or broadcast arrives.
 */
import type { Message } from "../protocol";
import { isMessageEntry, type QueueItem, type QueuedChange } from "./outbox";

export function withPendingChanges(messages: readonly Message[], queue: readonly QueueItem[], yourName: string | null): readonly Message[] {
  const changes = queue.filter((item): item is QueuedChange => !isMessageEntry(item));
  if (changes.length === 0) return messages;
  const byId = new Map<string, Message>();
  for (const change of changes) {
    const message = byId.get(change.messageId) ?? messages.find((m) => m.id === change.messageId);
    if (message !== undefined) byId.set(change.messageId, applyChange(message, change, yourName));
  }
  return messages.map((message) => byId.get(message.id) ?? message);
}

function applyChange(message: Message, change: QueuedChange, yourName: string | null): Message {
  if (message.deletedAt !== null) return message;
  switch (change.kind) {
    case "edit":
      return { ...message, text: change.text ?? message.text, editedAt: change.createdAt };
    case "delete":
      return { ...message, text: "", deletedAt: change.createdAt, reactions: [] };
    case "react":
      return yourName === null || change.emoji === undefined ? message : { ...message, reactions: toggled(message.reactions, change.emoji, yourName, change.add ?? true) };
  }
}

function toggled(reactions: Message["reactions"], emoji: string, name: string, add: boolean): Message["reactions"] {
  const entry = reactions.find((reaction) => reaction.emoji === emoji);
  if ((entry?.names.includes(name) ?? false) === add) return reactions;
  if (!add) return reactions.map((r) => (r === entry ? { ...r, names: r.names.filter((n) => n !== name) } : r)).filter((r) => r.names.length > 0);
  if (entry === undefined) return [...reactions, { emoji, names: [name] }];
  return reactions.map((r) => (r === entry ? { ...r, names: [...r.names, name].sort() } : r));
}
