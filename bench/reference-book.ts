/**
 * The reference server's messages, in memory only, for the `changes` scenario: edits, deletions and
 * reactions applied the way the app applies them (docs/protocol.md#changes-to-messages), with a
 * change counter per room stamped on the message as its `version`, but no storage and no validation.
 */
import type { Ack, Message } from "../lib/protocol";

/** What a change handler does with the result: ack it, and broadcast the message if it changed. */
export interface ChangeResult {
  ack: Ack<Message>;
  changed: boolean;
}

export interface MessageBook {
  add(message: Message): void;
  lastChange(code: string): number;
  edit(code: string, name: string, id: string, text: string): ChangeResult;
  remove(code: string, name: string, id: string): ChangeResult;
  react(code: string, name: string, id: string, emoji: string, on: boolean): ChangeResult;
  /** Oldest first: up to `limit` messages before seq `before` (the newest ones without it). */
  page(code: string, limit: number, before?: number): { messages: Message[]; hasOlder: boolean };
}

const notFound: ChangeResult = { ack: { ok: false, error: { code: "message_not_found", message: "No such message." } }, changed: false };
const forbidden: ChangeResult = { ack: { ok: false, error: { code: "forbidden", message: "Not your message." } }, changed: false };
const unchanged = (message: Message): ChangeResult => ({ ack: { ok: true, data: message }, changed: false });

export function createMessageBook(): MessageBook {
  const rooms = new Map<string, { messages: Map<string, Message>; lastChange: number }>();
  const room = (code: string) => {
    let found = rooms.get(code);
    if (found === undefined) rooms.set(code, (found = { messages: new Map(), lastChange: 0 }));
    return found;
  };
  /** Stamps the room's next change number on the message: the one step every change shares. */
  const changed = (code: string, message: Message): ChangeResult => {
    message.version = ++room(code).lastChange;
    return { ack: { ok: true, data: message }, changed: true };
  };
  return {
    add: (message) => void room(message.roomCode).messages.set(message.id, message),
    lastChange: (code) => rooms.get(code)?.lastChange ?? 0,
    edit(code, name, id, text) {
      const message = rooms.get(code)?.messages.get(id);
      if (message === undefined || message.deletedAt !== null) return notFound;
      if (message.author.name !== name) return forbidden;
      message.text = text;
      message.editedAt = new Date().toISOString();
      return changed(code, message);
    },
    remove(code, name, id) {
      const message = rooms.get(code)?.messages.get(id);
      if (message === undefined) return notFound;
      if (message.author.name !== name) return forbidden;
      if (message.deletedAt !== null) return unchanged(message);
      Object.assign(message, { text: "", deletedAt: new Date().toISOString(), reactions: [] });
      return changed(code, message);
    },
    react(code, name, id, emoji, on) {
      const message = rooms.get(code)?.messages.get(id);
      if (message === undefined || message.deletedAt !== null) return notFound;
      const reaction = message.reactions.find((entry) => entry.emoji === emoji);
      if ((reaction?.names.includes(name) ?? false) === on) return unchanged(message);
      if (!on) {
        const names = reaction!.names.filter((held) => held !== name);
        message.reactions = names.length === 0 ? message.reactions.filter((entry) => entry !== reaction) : message.reactions.map((entry) => (entry === reaction ? { emoji, names } : entry));
      } else if (reaction === undefined) message.reactions = [...message.reactions, { emoji, names: [name] }];
      else message.reactions = message.reactions.map((entry) => (entry === reaction ? { emoji, names: [...entry.names, name].sort() } : entry));
      return changed(code, message);
    },
    page(code, limit, before) {
      const all = [...(rooms.get(code)?.messages.values() ?? [])].filter((message) => before === undefined || message.seq < before);
      const messages = all.slice(-limit);
      return { messages, hasOlder: all.length > messages.length };
    },
  };
}
