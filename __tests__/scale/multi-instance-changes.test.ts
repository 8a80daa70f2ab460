/**
 * Edits, deletions, reactions and replies over two real app processes sharing one PostgreSQL database
 * and one Redis: a change made on one instance reaches members on the other, concurrent changes to one
 * message from both leave one final state that everyone ends up holding, and a member who was away
 * catches up with changes:since.
 */
import type { Ack, ChangesPage, Message, Reaction } from "@/lib/protocol";
import { createRoom, nextEvent, storedHistory, type RunningServer, type TestSocket } from "../integration/harness";
import { until } from "../sockets";
import { twoInstances } from "./two-instances";

const REACTORS = 8;
const REACTIONS_EACH = 12;
const EDITS_PER_TAB = 12;
const EMOJI = ["👍", "🎉", "🔥", "😂"];

const acked = (ack: Ack<Message>): Message => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
};
const send = async (socket: TestSocket, text: string, replyTo?: string) =>
  acked((await socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID(), ...(replyTo === undefined ? {} : { replyTo }) })) as Ack<Message>);
const edit = async (socket: TestSocket, id: string, text: string) => acked((await socket.emitWithAck("message:edit", { id, text })) as Ack<Message>);
const remove = async (socket: TestSocket, id: string) => acked((await socket.emitWithAck("message:delete", { id })) as Ack<Message>);
const react = async (socket: TestSocket, messageId: string, emoji: string, add: boolean) =>
  acked((await socket.emitWithAck(add ? "reaction:add" : "reaction:remove", { messageId, emoji })) as Ack<Message>);

/** Every message:updated a socket receives, in arrival order, and the highest-version copy of each message it has seen (its acks included via `keep`). */
function track(socket: TestSocket) {
  const updates: Message[] = [];
  const copies = new Map<string, Message>();
  const keep = (message: Message) => {
    const held = copies.get(message.id);
    if (held === undefined || message.version > held.version) copies.set(message.id, message);
    return message;
  };
  socket.on("message:created", keep);
  socket.on("message:updated", (message) => {
    updates.push(message);
    keep(message);
  });
  return { updates, copies, keep };
}

/** changes:since from `afterVersion`, page after page. */
async function changesSince(socket: TestSocket, afterVersion: number): Promise<Message[]> {
  const all: Message[] = [];
  for (let after = afterVersion; ; ) {
    const ack = (await socket.emitWithAck("changes:since", { afterVersion: after })) as Ack<ChangesPage>;
    if (!ack.ok) throw new Error(`changes:since refused: ${ack.error.code}`);
    all.push(...ack.data.messages);
    if (!ack.data.hasMore) return all;
    after = ack.data.messages.at(-1)!.version;
  }
}

/** The reactions that acked operations imply, replayed in version order as the protocol defines them (emoji in order first used, names sorted). */
function replayReactions(ops: Array<{ version: number; name: string; emoji: string; add: boolean }>): Reaction[] {
  const list: Reaction[] = [];
  for (const op of [...ops].sort((x, y) => x.version - y.version)) {
    const index = list.findIndex((reaction) => reaction.emoji === op.emoji);
    if (op.add && index < 0) list.push({ emoji: op.emoji, names: [op.name] });
    else if (op.add) list[index]!.names.push(op.name);
    else if (index >= 0) list[index]!.names = list[index]!.names.filter((name) => name !== op.name);
    if (index >= 0 && list[index]!.names.length === 0) list.splice(index, 1);
  }
  return list.map(({ emoji, names }) => ({ emoji, names: [...names].sort() }));
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const stored = async (url: string, code: string, id: string) => (await storedHistory(url, code)).find((message) => message.id === id);

describe("changes to messages over two instances sharing PostgreSQL and Redis", () => {
  const instances = twoInstances({ PRESENCE_GRACE_MS: "300" });
  const { enter } = instances;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(() => {
    ({ a, b } = instances);
  });

  it("shows an edit, a reaction and a deletion made on A live on B with A's versions, and quotes A's message in a reply from B", async () => {
    const code = await createRoom(a.url);
    const [ana, bob] = [await enter(a, code, "Ana"), await enter(b, code, "Bob")];
    const onB = track(bob.socket);
    const original = await send(ana.socket, "hello from A");
    const acks = [await edit(ana.socket, original.id, "hello from A, edited"), await react(ana.socket, original.id, "👍", true)];
    await until(() => onB.updates.length === 2, "B to see the edit and the reaction");
    const replyCreated = nextEvent(ana.socket, "message:created");
    const reply = await send(bob.socket, "answer from B", original.id);
    expect(reply.replyTo).toEqual({ id: original.id, seq: original.seq, author: original.author, excerpt: "hello from A, edited" });
    expect(await replyCreated).toEqual(reply);
    acks.push(await remove(ana.socket, original.id));
    await until(() => onB.updates.length === 3, "B to see the deletion");
    expect(acks.map((message) => message.version)).toEqual([1, 2, 3]);
    expect(onB.updates).toEqual(acks);
    expect(acks[2]).toMatchObject({ text: "", reactions: [], deletedAt: expect.any(String) as string });
    // The quote follows the deletion in what either instance serves.
    const [viaA, viaB] = [await storedHistory(a.url, code), await storedHistory(b.url, code)];
    expect(viaA).toEqual(viaB);
    expect(viaA).toEqual([acks[2], { ...reply, replyTo: { ...reply.replyTo!, excerpt: "" } }]);
  });

  it("numbers concurrent reactions and edits from both instances 1..N and leaves one final state on every member", async () => {
    const code = await createRoom(b.url);
    const authorToken = `author-${crypto.randomUUID()}`;
    const tabs = [await enter(a, code, "Author", authorToken), await enter(b, code, "Author", authorToken)];
    const reactors = await Promise.all(oneTo(REACTORS).map((n) => enter(n % 2 ? a : b, code, `R${n}`)));
    const everyone = [...tabs, ...reactors].map((member) => ({ socket: member.socket, seen: track(member.socket) }));
    const target = await send(tabs[0]!.socket, "the message everyone changes at once");

    const reactionOps: Array<{ version: number; name: string; emoji: string; add: boolean }> = [];
    const editAcks: Message[] = [];
    await Promise.all([
      ...reactors.map(async (reactor, r) => {
        const seen = everyone[tabs.length + r]!.seen;
        const held = new Set<string>();
        // Each op flips this member's own emoji, so each one is a real change with a version of its own.
        for (let i = 0; i < REACTIONS_EACH; i += 1) {
          const emoji = EMOJI[(i * (r + 1) + r) % EMOJI.length]!;
          const add = !held.has(emoji);
          const message = seen.keep(await react(reactor.socket, target.id, emoji, add));
          if (add) held.add(emoji);
          else held.delete(emoji);
          reactionOps.push({ version: message.version, name: reactor.snapshot.you.name, emoji, add });
        }
      }),
      ...tabs.map(async (tab, t) => {
        for (let i = 0; i < EDITS_PER_TAB; i += 1) editAcks.push(everyone[t]!.seen.keep(await edit(tab.socket, target.id, `edit ${i} from ${t ? "B" : "A"}`)));
      }),
    ]);

    const total = REACTORS * REACTIONS_EACH + 2 * EDITS_PER_TAB;
    const versions = [...reactionOps.map((op) => op.version), ...editAcks.map((message) => message.version)].sort((x, y) => x - y);
    expect(versions).toEqual(oneTo(total));

    await until(() => everyone.every(({ seen }) => seen.updates.length >= total), `${total} message:updated on every member`);
    const final = await stored(a.url, code, target.id);
    const lastEdit = editAcks.reduce((x, y) => (y.version > x.version ? y : x));
    expect(final).toMatchObject({ version: total, text: lastEdit.text, editedAt: lastEdit.editedAt, deletedAt: null });
    expect(final?.reactions).toEqual(replayReactions(reactionOps));
    expect(await stored(b.url, code, target.id)).toEqual(final);
    let outOfOrder = 0;
    for (const { socket, seen } of everyone) {
      const received = seen.updates.map((message) => message.version);
      outOfOrder += received.filter((version, i) => i > 0 && version < received[i - 1]!).length;
      expect([...received].sort((x, y) => x - y)).toEqual(oneTo(total));
      expect(seen.copies.get(target.id)).toEqual(final);
      expect(await changesSince(socket, 0)).toEqual([final]);
    }
    console.log(`concurrent changes over two instances: ${total} versions 1..${total}, ${everyone.length} members, ${outOfOrder} updates arrived after a higher version`);
  }, 60_000);

  it("brings a member on B who was away the changes made on A meanwhile, by changes:since from the last version he saw", async () => {
    const code = await createRoom(a.url);
    const ana = await enter(a, code, "Ana");
    const cy = await enter(a, code, "Cy");
    const bobToken = `bob-${crypto.randomUUID()}`;
    const bob = await enter(b, code, "Bob", bobToken);
    const [first, second] = [await send(ana.socket, "first"), await send(ana.socket, "second")];
    const seenLive = nextEvent(bob.socket, "message:updated");
    const seen = await edit(ana.socket, first.id, "first, edited");
    expect(await seenLive).toEqual(seen);
    bob.socket.close();

    await react(cy.socket, first.id, "🎉", true);
    await edit(ana.socket, second.id, "second, edited");
    const firstFinal = await remove(ana.socket, first.id);
    const secondFinal = await react(cy.socket, second.id, "👍", true);

    const back = await enter(b, code, "Bob", bobToken);
    expect(back.snapshot.lastChange).toBe(5);
    const missed = await changesSince(back.socket, seen.version);
    expect(missed).toEqual([firstFinal, secondFinal]);
    expect(missed.map((message) => message.version)).toEqual([4, 5]);
    expect(await storedHistory(b.url, code)).toEqual(missed);
  });
});
