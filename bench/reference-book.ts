/**
 * The reference server's messages, in memory only, for the `changes` scenario: edits, deletions and
 * reactions applied the way the app applies them (docs/protocol.md#changes-to-messages), with a
 * change counter per room stamped on the message as its `version`, but no storage and no validation.
 */
import type { Ack, Message } from "../lib/protocol";

export interface MessageBook {
  add(message: Message): void;
  lastChange(code: string): number;
  /** Each change answers the message as it is after it; one that finds it in the asked state changes nothing. */
  edit(code: string, name: string, id: string, text: string): Ack<Message>;
  remove(code: string, name: string, id: string): Ack<Message>;
  react(code: string, name: string, id: string, emoji: string, on: boolean): Ack<Message>;
  /** Oldest first: up to `limit` messages before seq `before` (the newest ones without it). */
  page(code: string, limit: number, before?: number): { messages: Message[]; hasOlder: boolean };
}

const notFound: Ack<Message> = { ok: false, error: { code: "message_not_found", message: "No such message." } };
const forbidden: Ack<Message> = { ok: false, error: { code: "forbidden", message: "Not your message." } };
const unchanged = (message: Message): Ack<Message> => ({ ok: true, data: message });

export function createMessageBook(): MessageBook {
  const rooms = new Map<string, { messages: Map<string, Message>; lastChange: number }>();
  const room = (code: string) => {
    let found = rooms.get(code);
    if (found === undefined) rooms.set(code, (found = { messages: new Map(), lastChange: 0 }));
    return found;
  };
  /** Stamps the room's next change number on the message: the one step every change shares. */
  const changed = (code: string, message: Message): Ack<Message> => {
    message.version = ++room(code).lastChange;
    return { ok: true, data: message };
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
