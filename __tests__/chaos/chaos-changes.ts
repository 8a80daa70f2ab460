/**
 * The changes half of the chaos run (issue 17): while messages are typed, servers killed and
 * connections dropped, every client also edits and deletes its own messages and toggles reactions on
 * any message it shows, through the real RoomSession and its outbox. At the end every client's copy of
 * every message it holds must equal the database's, and every acknowledged change must be there.
 */
import type { ChatClientSocket } from "@/lib/client/room-session";
import type { Ack, Message } from "@/lib/protocol";
import type { ChaosClient } from "./chaos-run";

const EMOJI = ["👍", "🎉", "😂", "❤️"];
const CHANGE_EVENTS = new Set(["message:edit", "message:delete", "reaction:add", "reaction:remove"]);

/** An acknowledged change, as the client sent it and the server answered it. */
export interface ChangeAck {
  client: number;
  event: string;
  payload: { id?: string; messageId?: string; text?: string; emoji?: string };
  message: Message;
}

/** Records every ok answer to a change at the socket's edge (not in the app), in the order they come. */
export function recordChangeAcks(socket: ChatClientSocket, client: number, acks: ChangeAck[]): void {
  const emit = socket.emit.bind(socket) as (...args: unknown[]) => ChatClientSocket;
  (socket as unknown as { emit: (...args: unknown[]) => ChatClientSocket }).emit = (...args: unknown[]) => {
    const [event, payload] = args as [string, ChangeAck["payload"]];
    const callback = args.at(-1);
    if (CHANGE_EVENTS.has(event) && typeof callback === "function") {
      const original = callback as ((...result: unknown[]) => void) & { withError?: boolean };
      args[args.length - 1] = Object.assign(
        (...result: unknown[]) => {
          const answer = (original.withError ? result[1] : result[0]) as Ack<Message> | undefined;
          if (answer?.ok === true) acks.push({ client, event, payload, message: answer.data });
          original(...result);
        },
        { withError: original.withError },
      );
    }
    return emit(...args);
  };
}

/** Now and then (`odds` of the time), one change of a random kind, as a person would make it. */
export async function maybeChange(client: ChaosClient, index: number, odds: number): Promise<void> {
  if (Math.random() >= odds) return;
  const { messages } = client.session.getSnapshot();
  const live = messages.filter((m) => m.deletedAt === null);
  const own = live.filter((m) => m.author.name === `client-${index}`);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
  const roll = Math.random();
  if (roll < 0.55) {
    const target = pick(live);
    if (target !== undefined) client.session.toggleReaction(target.id, pick(EMOJI)!);
  } else if (roll < 0.9) {
    const target = pick(own);
    if (target !== undefined) await client.session.edit(target.id, `${target.text.replace(/ \(edit \d+\)$/, "")} (edit ${Math.floor(Math.random() * 1e6)})`);
  } else {
    const target = pick(own);
    if (target !== undefined) client.session.deleteMessage(target.id);
  }
  client.changes += 1;
}

/** Clients whose copy of some message differs from the database's (by JSON, every field). */
export function divergent(stored: Map<string, Message[]>, clients: readonly ChaosClient[]): Array<{ index: number; id: string }> {
  const truth = new Map([...stored.values()].flat().map((m) => [m.id, JSON.stringify(m)]));
  const found: Array<{ index: number; id: string }> = [];
  clients.forEach((client, index) => {
    for (const message of client.session.getSnapshot().messages) if (truth.get(message.id) !== JSON.stringify(message)) found.push({ index, id: message.id });
  });
  return found;
}

/**
 * Every acknowledged change is in the database: its version is there or later, the last acked edit of
 * each message is its text (unless deleted since), and each client's last acked reaction per message
 * and emoji decides whether its name is there.
 */
export function changeProblems(stored: Map<string, Message[]>, acks: readonly ChangeAck[]): string[] {
  const byId = new Map([...stored.values()].flat().map((m) => [m.id, m]));
  const problems: string[] = [];
  const lastEdit = new Map<string, ChangeAck>();
  const lastReaction = new Map<string, ChangeAck>();
  for (const ack of acks) {
    const message = byId.get(ack.message.id);
    if (message === undefined || message.version < ack.message.version) {
      problems.push(`acked change lost: ${ack.event} on ${ack.message.id} v${ack.message.version}, stored v${message?.version ?? "none"}`);
      continue;
    }
    if (ack.event === "message:edit") lastEdit.set(ack.message.id, ack);
    if (ack.event.startsWith("reaction:")) lastReaction.set(JSON.stringify([ack.client, ack.message.id, ack.payload.emoji]), ack);
  }
  for (const [id, ack] of lastEdit) {
    const message = byId.get(id)!;
    if (message.deletedAt === null && message.text !== ack.payload.text) problems.push(`last acked edit of ${id} is not its text: "${ack.payload.text}" vs "${message.text}"`);
  }
  for (const ack of lastReaction.values()) {
    const message = byId.get(ack.message.id)!;
    if (message.deletedAt !== null) continue;
    const name = `client-${ack.client}`;
    const holds = message.reactions.some((r) => r.emoji === ack.payload.emoji && r.names.includes(name));
    if (holds !== (ack.event === "reaction:add")) problems.push(`${name}'s last acked ${ack.event} ${ack.payload.emoji} on ${ack.message.id} is not what is stored`);
  }
  return problems;
}
