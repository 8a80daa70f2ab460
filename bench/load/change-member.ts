/**
 * One member of the `changes` scenario, without its socket: what it has seen of its room, which change
 * it makes next, what it expects to find at the end, and how its view compares with the server's.
 *
 * A member edits its own messages and toggles its reactions on the others'. It is the only one who
 * changes its own text and its own name under an emoji, and it never has two requests in flight on one
 * of those (a key), so the last change it got acked on a key decides that key's final state: a key
 * whose final state differs from it is a lost change.
 */
import type { Ack, Message } from "../../lib/protocol";

/** Emoji with Emoji_Presentation: their canonical spelling (lib/protocol-text.ts) is the one sent. */
export const EMOJI = ["👍", "🎉", "😂", "🔥"] as const;
/** Of the changes a member makes, this share are edits; the rest toggle a reaction. */
export const EDIT_SHARE = 0.25;

export type Change =
  | { key: string; event: "message:edit"; input: { id: string; text: string } }
  | { key: string; event: "reaction:add" | "reaction:remove"; input: { messageId: string; emoji: string } };

type Expectation = { kind: "text"; id: string; text: string } | { kind: "reacted"; id: string; emoji: string; present: boolean };

export interface MemberState {
  name: string;
  /** Every message of the room, at the highest version seen in message:created and message:updated. */
  view: Map<string, Message>;
  /** Updates that arrived with a lower version than the copy already held. */
  outOfOrder: number;
  /** Keys with a request in flight. */
  busy: Set<string>;
  /** The reactions this member holds, as its acks said. */
  reacted: Set<string>;
  /** Per key, the state its last acked change left. */
  expected: Map<string, Expectation>;
  /** Keys with a request never answered: its outcome is unknown, so the key is not checked. */
  uncertain: Set<string>;
  edits: number;
}

export function createMemberState(name: string): MemberState {
  return { name, view: new Map(), outOfOrder: 0, busy: new Set(), reacted: new Set(), expected: new Map(), uncertain: new Set(), edits: 0 };
}

/** A copy of a message arrived: keep it if it is newer than the one held. */
export function observe(state: MemberState, message: Message): void {
  const held = state.view.get(message.id);
  if (held !== undefined && message.version < held.version) state.outOfOrder += 1;
  if (held === undefined || message.version > held.version) state.view.set(message.id, message);
}

function reactedIn(message: Message, emoji: string, name: string): boolean {
  return message.reactions.find((reaction) => reaction.emoji === emoji)?.names.includes(name) ?? false;
}

const pick = <T>(items: readonly T[], random: () => number): T | undefined => items[Math.floor(random() * items.length)];

/** The next change to make, or null when every candidate has a request in flight. */
export function nextChange(state: MemberState, random: () => number = Math.random): Change | null {
  const messages = [...state.view.values()].filter((message) => message.deletedAt === null);
  const own = messages.filter((message) => message.author.name === state.name && !state.busy.has(`edit ${message.id}`));
  const others = messages.filter((message) => message.author.name !== state.name);
  if (own.length > 0 && (others.length === 0 || random() < EDIT_SHARE)) {
    const message = pick(own, random)!;
    state.edits += 1;
    return { key: `edit ${message.id}`, event: "message:edit", input: { id: message.id, text: `edit ${state.edits} by ${state.name}` } };
  }
  // A few draws: with 4 emoji per message and a small window, a free key is almost always found.
  for (let attempt = 0; attempt < 8 && others.length > 0; attempt += 1) {
    const message = pick(others, random)!;
    const emoji = pick(EMOJI, random)!;
    const key = `react ${message.id} ${emoji}`;
    if (state.busy.has(key)) continue;
    return { key, event: state.reacted.has(key) ? "reaction:remove" : "reaction:add", input: { messageId: message.id, emoji } };
  }
  return null;
}

/** The answer to a change: "timeout" when none came in time. */
export function settle(state: MemberState, change: Change, answer: Ack<Message> | "timeout"): void {
  state.busy.delete(change.key);
  if (answer === "timeout") {
    state.uncertain.add(change.key);
    return;
  }
  if (!answer.ok) return;
  if (change.event === "message:edit") {
    state.expected.set(change.key, { kind: "text", id: change.input.id, text: change.input.text });
    return;
  }
  const { messageId, emoji } = change.input;
  // What the member holds now is what the ack says (it heals a belief that a timeout left wrong); what
  // it expects at the end is what it asked for, so an ack that disagrees shows up as lost.
  if (reactedIn(answer.data, emoji, state.name)) state.reacted.add(change.key);
  else state.reacted.delete(change.key);
  state.expected.set(change.key, { kind: "reacted", id: messageId, emoji, present: change.event === "reaction:add" });
}

/** What makes two copies of a message the same to a reader: everything a change can alter. */
export function fingerprint(message: Message): string {
  const { id, version, text, editedAt, deletedAt, reactions } = message;
  return JSON.stringify([id, version, text, editedAt, deletedAt, reactions]);
}

export interface MemberVerdict {
  /** Messages held in another state than the server's, missing from the view, or unknown to the server. */
  stale: number;
  missing: number;
  extra: number;
  /** Keys checked against the server's state, and those whose last acked change is not there. */
  checked: number;
  lost: number;
  /** The first difference found, for the report. */
  example: string | null;
}

function holds(truth: Message, expectation: Expectation, name: string): boolean {
  if (expectation.kind === "text") return truth.text === expectation.text;
  return reactedIn(truth, expectation.emoji, name) === expectation.present;
}

/** Compares the member's view and expectations with the server's messages of its room. */
export function verify(state: MemberState, truth: ReadonlyMap<string, Message>): MemberVerdict {
  const verdict: MemberVerdict = { stale: 0, missing: 0, extra: 0, checked: 0, lost: 0, example: null };
  const note = (text: string) => (verdict.example ??= `${state.name}: ${text}`);
  for (const [id, message] of truth) {
    const held = state.view.get(id);
    if (held === undefined) {
      verdict.missing += 1;
      note(`never saw message ${id}`);
    } else if (fingerprint(held) !== fingerprint(message)) {
      verdict.stale += 1;
      note(`holds ${fingerprint(held)}, the server ${fingerprint(message)}`);
    }
  }
  for (const id of state.view.keys()) {
    if (truth.has(id)) continue;
    verdict.extra += 1;
    note(`holds message ${id}, unknown to the server`);
  }
  for (const [key, expectation] of state.expected) {
    if (state.uncertain.has(key)) continue;
    verdict.checked += 1;
    const message = truth.get(expectation.id);
    if (message !== undefined && holds(message, expectation, state.name)) continue;
    verdict.lost += 1;
    note(`its acked change (${key}: ${JSON.stringify(expectation)}) is not in the server's state`);
  }
  return verdict;
}
